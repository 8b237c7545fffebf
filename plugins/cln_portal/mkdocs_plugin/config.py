"""Options of the ``cln`` plugin in mkdocs.yml, every section's in one place (sections import
this module, never each other). Paths are relative to mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .. import column
from ..search import index


class CaseStudiesConfig(base.Config):
    """Where case studies are read from; pages go to case-studies/ on the site."""

    # The folder of case study files (one <slug>.md each), relative to mkdocs.yml.
    dir = c.Type(str, default="case_studies")


class PodcastConfig(base.Config):
    """``podcast:`` options of the ``cln`` plugin."""

    # The folder of episodes, sidecars, show settings and the lock file, relative to mkdocs.yml.
    dir = c.Type(str, default="podcasts")
    # Where the audio is served from, when not from the site (object storage, a CDN).
    media_base_url = c.Optional(c.Type(str))
    # Publish Ogg/Opus/FLAC episodes without the warning that Apple Podcasts cannot list them.
    allow_non_apple_formats = c.Type(bool, default=False)


class EpisodePagesConfig(base.Config):
    # How many episodes "Latest episodes" on the podcast home shows (every episode is listed
    # under its series as well).
    latest = c.Type(int, default=5)


class InterviewsConfig(base.Config):
    # The podcast series whose episodes are interviews (its title or slug).
    series = c.Type(str, default="Interviews")


class ColumnsConfig(base.Config):
    """Options under ``columns:`` of the cln plugin."""

    # Who writes the column: ids with name, role and organisation (relative to mkdocs.yml).
    authors_file = c.Type(str, default=column.AUTHORS_FILE)
    # Where the RSS feed is written, relative to the site.
    feed = c.Type(str, default="columns/feed.xml")
    feed_title = c.Type(str, default="The CLN column in the Health Service Journal")
    feed_description = c.Type(
        str,
        default="The NHS Clinical Leaders Network's column in the Health Service Journal, by the "
                "network's director and guest writers from the regions.",
    )


class BundleSize(c.Type):
    """Pages per search bundle: a whole number of at least 1 (:func:`index.is_bundle_size`)."""

    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value):
        if not index.is_bundle_size(value):
            raise base.ValidationError(f"Expected a whole number of pages, at least 1, but received: {value!r}")
        return value


class SearchConfig(base.Config):
    """``search:`` options of the cln plugin (README, Search)."""

    # At most this many pages in one Pagefind bundle: a larger site is indexed in several,
    # one after the other, and the browser merges them. Pagefind holds a bundle in memory while
    # it builds it (about 450 MB for 1,000 pages of 800 words).
    pages_per_bundle = BundleSize(index.PER_BUNDLE)


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

    # The podcast: episodes in podcasts/, feeds at podcast/feed.xml (see mkdocs_plugin/sections/podcast.py).
    podcast = c.SubConfig(PodcastConfig)

    # Search: how many pages go into one Pagefind bundle.
    search = c.SubConfig(SearchConfig)
