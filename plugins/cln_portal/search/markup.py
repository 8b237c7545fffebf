"""The ``data-pagefind-*`` attributes the portal's pages carry (see Pagefind's indexing docs).

- A content page's ``<article>`` holds an element with ``data-pagefind-body``: only such pages are indexed, and
  only that element of them (not the header, navigation, tabs or footer). Lists of other pages
  (the home page, section and browse pages, the blog's archive) get none, so a query finds the
  page itself, not every list that names it.
- The same element gives the result its content type and date (``data-pagefind-meta``), the
  "Type" facet (``data-pagefind-filter``) and a date to sort by (``data-pagefind-sort``).
- Facts a page is filed under (region, pathway, competency) are facets: :func:`facet` marks the
  link or text that names one, so the value is the text the reader sees.
- Weights: the title (``h1``, Pagefind's 7) and a page's facts card (:data:`FACTS_WEIGHT`) above
  its body (1), the body above a transcript (:data:`TRANSCRIPT_WEIGHT`).
- ``related content`` lists carry :data:`IGNORE`.
"""

from __future__ import annotations

import datetime
import re
from html import escape

from ..content.dates import nhs_date

IGNORE = "data-pagefind-ignore"
#: Facts cards (region, pathways, competencies, organisation, authors, tags): metadata, which
#: ranks above a word in the body (1) and below the title (Pagefind gives h1 7).
FACTS_WEIGHT = 5
#: What was said in an episode: found, but after pages whose own text has the word.
TRANSCRIPT_WEIGHT = 0.5
#: Facet names, as the search dialog shows them.
TYPE, REGION, PATHWAY, COMPETENCY = "Type", "Region", "Pathway", "Competency"
FACETS = {"regions": REGION, "region": REGION, "pathways": PATHWAY, "pathway": PATHWAY,
          "competencies": COMPETENCY, "competency": COMPETENCY}

#: The element of a Material page that holds the page's own content, as a CSS selector (what
#: Pagefind reads of a page, see :data:`cln_portal.search.index.ROOT`) and as the theme writes it.
ARTICLE = "article.md-content__inner"
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')


def weight(value: float) -> str:
    return f' data-pagefind-weight="{value:g}"'


def facet(kind: str) -> str:
    """The attribute that makes an element's text a value of ``kind``'s facet ("" if none)."""
    name = FACETS.get(kind)
    return f' data-pagefind-filter="{name}"' if name else ""


def body_attributes(content_type: str, date: datetime.date | None = None) -> str:
    """Attributes of the element around a content page's content: index it, with its type and date."""
    meta = ["type[data-cln-type]"]
    attrs = f' data-pagefind-body data-pagefind-filter="{TYPE}[data-cln-type]" data-cln-type="{escape(content_type)}"'
    if date is not None:
        meta.append("date[data-cln-date]")
        attrs += (f' data-pagefind-sort="date[data-cln-sort]" data-cln-sort="{date.isoformat()}"'
                  f' data-cln-date="{escape(nhs_date(date))}"')
    return attrs + f' data-pagefind-meta="{", ".join(meta)}"'


def mark_body(page_html: str, content_type: str, date: datetime.date | None = None) -> str:
    """``page_html`` (a whole page from the theme) with its article's content in an element
    marked for the index (the article itself is left as the theme wrote it)."""
    match = _ARTICLE.search(page_html)
    end = page_html.find("</article>", match.end()) if match else -1
    if end == -1:
        return page_html
    start = match.end()
    return (f"{page_html[:start]}<div{body_attributes(content_type, date)}>{page_html[start:end]}"
            f"</div>{page_html[end:]}")
