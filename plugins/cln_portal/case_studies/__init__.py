"""Case studies: what a clinical team did, what changed and what they learned.

One Markdown file per case study in ``case_studies/<slug>.md``. :mod:`.model` says what a case
study is, :mod:`.checker` checks one file against it and the controlled vocabularies, :mod:`.load`
reads the folder (every problem of every file in one run, with :mod:`.store`'s cache between
builds), and :mod:`.render` turns them into the summary card and list HTML the site shows. Files
whose name starts with ``_`` (the template, ``_template.md``) are not case studies.
"""

from .load import check_related, folder_problems, load_all, load_one
from .model import FIELDS, REQUIRED, SECTIONS, Author, CaseStudy
from .render import card_html, case_markdown, filter_html, index_markdown, list_html, value_markdown

__all__ = [
    "FIELDS", "REQUIRED", "SECTIONS", "Author", "CaseStudy", "card_html", "case_markdown", "check_related",
    "filter_html", "folder_problems", "index_markdown", "list_html", "load_all", "load_one", "value_markdown",
]
