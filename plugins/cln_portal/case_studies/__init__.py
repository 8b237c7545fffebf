"""Case studies: what a clinical team did, what changed and what they learned.

One Markdown file per case study in ``case_studies/<slug>.md``. :mod:`.model` reads and checks
them against the controlled vocabularies (every problem of every file in one run);
:mod:`.render` turns them into the summary card and list HTML the site shows. Files whose name
starts with ``_`` (the template, ``_template.md``) are not case studies.
"""

from .model import FIELDS, SECTIONS, Author, CaseStudy, check_related, load_all, load_one
from .render import card_html, case_markdown, filter_html, index_markdown, list_html, value_markdown

__all__ = [
    "FIELDS", "SECTIONS", "Author", "CaseStudy", "card_html", "case_markdown", "check_related",
    "filter_html", "index_markdown", "list_html", "load_all", "load_one", "value_markdown",
]
