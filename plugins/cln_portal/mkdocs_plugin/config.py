"""Options of the ``cln`` plugin in mkdocs.yml. Paths are relative to mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .episodes import EpisodePagesConfig
from .interviews import InterviewsConfig
from .columns import ColumnsConfig
from .podcast import PodcastConfig


class CaseStudiesConfig(base.Config):
    """Where case studies are read from; pages go to case-studies/ on the site."""

    # The folder of case study files (one <slug>.md each), relative to mkdocs.yml.
    dir = c.Type(str, default="case_studies")


class PortalConfig(base.Config):
    """Top-level options; each content section adds its own sub-section."""

    # The controlled vocabularies file that the comms team edits.
    vocabulary = c.Type(str, default="content/_data/vocabulary.yml")

    # Text interviews under content/interviews/ and the interviews index.
    interviews = c.SubConfig(InterviewsConfig)

    # The HSJ column (posts are read by Material's blog plugin: plugins: blog: in mkdocs.yml).
    columns = c.SubConfig(ColumnsConfig)

    # The podcast home and episode pages.
    episodes = c.SubConfig(EpisodePagesConfig)

    # Case studies: where they are read from.
    case_studies = c.SubConfig(CaseStudiesConfig)

    # The podcast: episodes in podcasts/, feeds at podcast/feed.xml (see mkdocs_plugin/podcast.py).
    podcast = c.SubConfig(PodcastConfig)
