"""Interviews with senior policy and service leads: to read (Markdown pages) or to hear (episodes).

A text-only interview is a Markdown page ``content/interviews/<slug>.md`` whose front matter says
who was interviewed. The interviews index lists these and the episodes of the podcast's interview
series side by side, so readers and listeners find every interview in one place.

Front matter of a text interview::

    title: "Making maternity a London-wide priority"
    summary: "One or two plain sentences, at most 300 characters."
    date: 2009-03-02
    interviewee:
      name: Director of maternity commissioning
      role: director of maternity commissioning
      organisation: NHS London
    interviewer:            # optional
      name: CLN podcast team
      role: CLN communications
    episode: slug-of-the-recording   # optional: the same interview as a podcast episode
    region: NHS London                      # optional, from the vocabulary, as are the next two
    pathways: [Maternity and newborn]
    competencies: [Working across boundaries]
    related: [case-study-slug, column-slug]   # optional
"""

from .model import (FIELDS, FOLDER, INDEX_MESSAGE, PERSON_FIELDS, SUMMARY_LIMIT, Interview, Person, from_document,
                    link_problems, load, load_folder, person, related_slugs, url_of)
from .render import header_html, index_html

__all__ = ["FIELDS", "FOLDER", "INDEX_MESSAGE", "PERSON_FIELDS", "SUMMARY_LIMIT", "Interview", "Person",
           "from_document", "header_html", "index_html", "link_problems", "load", "load_folder", "person",
           "related_slugs", "url_of"]
