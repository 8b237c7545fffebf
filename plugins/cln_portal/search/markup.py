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
- :func:`index_copy` is what Pagefind is given of a page: the page without the theme's header,
  navigation and footer around the marked element, which Pagefind would read and then drop.
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

#: The element of a Material page that holds the page's own content.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')
BODY = "data-pagefind-body"
_BODY_OPEN = f"<div {BODY}".encode()
_BODY_TAG = re.compile(rb"<body[\s>]")


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


def index_copy(page: bytes) -> bytes | None:
    """What Pagefind needs of a built page (bytes as written): None for a page without a marked
    element (Pagefind leaves such pages out once any page has one); for a page :func:`mark_body`
    marked, its ``<head>`` and the marked element alone, when nothing else of it speaks to
    Pagefind (no other ``data-pagefind-*`` attribute outside the element); otherwise the page as
    it is. Pagefind writes the same bundle from either (checked byte for byte on the bench's site)
    while reading a quarter of the HTML."""
    count = page.count(BODY.encode())
    if count == 0:
        return None
    start = page.find(_BODY_OPEN)
    end = page.find(b"</article>", start) if start != -1 else -1
    body = _BODY_TAG.search(page, 0, start) if start != -1 else None
    if count > 1 or end == -1 or body is None or not page.endswith(b"</div>", 0, end):
        return page
    head_end = page.find(b">", body.end() - 1) + 1  # the <head> and the <body ...> tag itself
    if page.find(b"data-pagefind", head_end, start) != -1 or page.find(b"data-pagefind", end) != -1:
        return page
    return page[:head_end] + page[start:end] + b"</body></html>"
