"""HTML for case studies: the summary card, the lists, the filter form and related links.

Every piece of text comes from contributors, so all of it is escaped here and links are only
written when they are safe. URLs are site-root relative (``case-studies/x/``); ``href`` turns one
into a link from the page being rendered (:func:`cln_portal.markup.fragments.relative_url`), so the output
works from file:// and any static host.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Iterable

from ..markup.fragments import date_html
from ..search import markup as search
from ..content.text import is_safe_url
from ..content.vocabulary import Term
from .model import CaseStudy

Href = Callable[[str], str]
#: The vocabularies the list can be filtered by: (kind, query parameter, label, "all" label).
FILTERS = (
    ("regions", "region", "Region", "All regions"),
    ("pathways", "pathway", "Pathway", "All pathways"),
    ("competencies", "competency", "Competency", "All competencies"),
)


def plural(count: int, word: str = "case study", words: str = "case studies") -> str:
    return f"{count} {word if count == 1 else words}"


def _links(terms: Iterable[Term], pages: dict[tuple[str, str], str], href: Href) -> str:
    """Terms as links to their index pages; a term without a page is plain text (no dead link).
    Each is a value of its search facet (region, pathway, competency). Each link carries its
    page's title: a reader who came from that page gets it as the way back (the breadcrumb, see
    mkdocs_plugin/assets/wayfinding.js)."""
    out = []
    for term in terms:
        url = pages.get((term.kind, term.name))
        name, facet = escape(term.name), search.facet(term.kind)
        out.append(f'<a href="{escape(href(url))}"{facet} data-cln-title="{escape(value_title(term))}">{name}</a>'
                   if url is not None else f"<span{facet}>{name}</span>")
    return ", ".join(out)


def card_html(case: CaseStudy, pages: dict[tuple[str, str], str], href: Href) -> str:
    """The summary card above a case study: what, where, who and when, linked to index pages.

    ``pages`` maps (vocabulary kind, canonical name) to the URL of that value's index page.
    """
    rows = [
        ("Region", _links([case.region], pages, href)),
        ("Pathways" if len(case.pathways) > 1 else "Pathway", _links(case.pathways, pages, href)),
    ]
    if case.competencies:
        label = "Competencies" if len(case.competencies) > 1 else "Competency"
        rows.append((label, _links(case.competencies, pages, href)))
    if case.qualities:
        rows.append(("Leadership qualities", escape(", ".join(t.name for t in case.qualities))))
    rows.append(("Organisation", escape(case.organisation)))
    authors = "; ".join(f"{escape(a.name)}, {escape(a.role)}" for a in case.authors)
    rows.append(("Authors" if len(case.authors) > 1 else "Author", authors))
    rows.append(("Published", date_html(case.date)))
    if case.contact and is_safe_url(case.contact):
        text = case.contact[len("mailto:"):] if case.contact.startswith("mailto:") else case.contact
        rows.append(("Contact", f'<a href="{escape(case.contact)}">{escape(text)}</a>'))
    if case.tags:
        rows.append(("Tags", escape(", ".join(case.tags))))
    facts = "\n".join(f'<div class="cln-card__row"><dt>{label}</dt><dd>{value}</dd></div>'
                      for label, value in rows)
    # The card is the case study's metadata: a match in it ranks above one in the body.
    return (f'<div class="cln-card"{search.weight(search.FACTS_WEIGHT)}>\n<p class="cln-card__summary">{escape(case.summary)}</p>\n'
            f'<dl class="cln-card__facts">\n{facts}\n</dl>\n</div>')


def draft_html() -> str:
    """The banner on a draft, which only the preview (``make serve``) shows."""
    return ('<p class="cln-draft"><strong>Draft.</strong> This case study is not published: it is '
            'shown only in the preview, and the public site leaves it out until its status is '
            '<code>published</code>.</p>')


def list_html(cases: list[CaseStudy], urls: dict[str, str], href: Href, *, filterable: bool = False,
              level: int = 3) -> str:
    """Case studies as a list, newest first as given, each with its summary.

    With ``filterable`` each item carries the value slugs the browser filter reads. The list is
    left out of the search index (listing pages are not indexed at all): each case study's own page is what search should find.
    ``level`` is the titles' heading level: one below the heading the list sits under.
    """
    items = []
    for case in cases:
        data = ""
        if filterable:
            data = "".join(f' data-{param}="{escape(" ".join(t.slug for t in case.terms(kind)))}"'
                           for kind, param, _, _ in FILTERS)
        draft = ' <strong class="cln-case__draft">Draft</strong>' if case.is_draft else ""
        pathways = ", ".join(t.name for t in case.pathways)
        items.append(
            f'<li class="cln-case"{data}>\n'
            f'<h{level} class="cln-case__title"><a href="{escape(href(urls[case.slug]))}">{escape(case.title)}</a>{draft}</h{level}>\n'
            f'<p class="cln-case__meta">{escape(case.region.name)}. {escape(pathways)}. '
            f'{date_html(case.date)}</p>\n'
            f'<p class="cln-case__summary">{escape(case.summary)}</p>\n</li>'
        )
    attrs = ' data-cln-case-list' if filterable else ""
    return f'<ul class="cln-cases"{attrs} data-pagefind-ignore>\n' + "\n".join(items) + "\n</ul>"


def filter_html(cases: list[CaseStudy], order: dict[str, list[Term]]) -> str:
    """The filter controls (hidden until the script runs) and the live count.

    ``order`` gives each kind's terms in vocabulary order; only values that have case studies
    are offered, so no choice can lead to an empty list on its own.
    """
    fields = []
    for kind, param, label, everything in FILTERS:
        used = {t.name for case in cases for t in case.terms(kind)}
        options = [f'<option value="">{everything}</option>']
        options += [f'<option value="{escape(t.slug)}">{escape(t.name)}</option>'
                    for t in order.get(kind, []) if t.name in used]
        fields.append(
            f'<div class="cln-filter__field"><label for="cln-filter-{param}">{label}</label>\n'
            f'<select id="cln-filter-{param}" name="{param}">{"".join(options)}</select></div>'
        )
    # No <form>: nothing is submitted, and pages carry no forms or scripts of their own (the
    # script is site-wide, see the plugin); a fieldset groups and labels the controls.
    return (
        '<div class="cln-filter" data-cln-filter hidden data-pagefind-ignore>\n'
        '<fieldset>\n<legend>Filter case studies</legend>\n' + "\n".join(fields) + "\n"
        '<button type="button" class="md-button" data-cln-filter-clear>Clear filters</button>\n'
        '</fieldset>\n</div>\n'
        f'<p class="cln-filter__count" id="cln-filter-count" role="status" aria-live="polite" '
        f'data-total="{len(cases)}">{plural(len(cases))}</p>'
    )


def _md(text: str) -> str:
    """Text for a Markdown heading or paragraph: HTML escaped and Markdown's specials backslashed."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!" else ch for ch in escape(text, quote=False))


def _front_matter(title: str, description: str = "") -> str:
    # A JSON string is a YAML string. Plain text: the plugin escapes every page title once.
    import json

    described = f"description: {json.dumps(description)}\n" if description else ""
    return f"---\ntitle: {json.dumps(title)}\n{described}---\n\n"


def case_markdown(case: CaseStudy, card: str, related: str = "") -> str:
    """A case study page: draft banner, summary card, the contributor's body, related content
    (Markdown from :func:`cln_portal.markup.fragments.related_section`)."""
    parts = [draft_html()] if case.is_draft else []
    parts += [card, case.body.strip()]
    if related:
        parts.append(related.strip())
    return "\n\n".join(parts) + "\n"


#: Where a listing page's list goes: Markdown keeps this comment as it is, and the list's HTML
#: replaces it after conversion. Python-Markdown parses raw HTML character by character: the
#: lists of 1,000 case studies (3 MB of HTML already escaped here) cost it 0.7 s per build.
LIST = "<!-- cln: the case study list -->"


#: Where a case study's facts card goes, the same way: the card is HTML already, and parsing it
#: as Markdown's raw HTML (with md_in_html) cost more than the rest of the page's conversion.
CARD = "<!-- cln: the facts card -->"


def index_markdown(cases: list[CaseStudy], urls: dict[str, str], browse: dict[str, list[tuple[Term, str, int]]],
                   order: dict[str, list[Term]], href: Href) -> tuple[str, str]:
    """The case studies index: the filterable list of every case study and links by value.

    ``browse`` maps each kind to (term, index page URL, count) for the values that have case
    studies. Returns the page's Markdown, with :data:`LIST` where the list goes, and the list's HTML.
    """
    parts = [_front_matter("Case studies"), "# Case studies\n\n",
             "What clinical teams in the network did, what changed and what they learned, newest "
             "first. Filter the list by region, pathway and competency, or browse by one of them "
             "below.\n\n"]
    if not cases:
        parts.append("There are no case studies yet.\n")
        return "".join(parts), ""
    parts += ["## All case studies\n\n", filter_html(cases, order), "\n\n", LIST, "\n\n",
              "## Browse case studies\n\n"]
    for kind, _, label, _ in FILTERS:
        if not browse.get(kind):
            continue
        parts.append(f"### By {label.lower()}\n\n")
        items = "\n".join(f'<li><a href="{escape(href(url))}">{escape(term.name)}</a> ({count})</li>'
                          for term, url, count in browse[kind])
        parts.append(f'<ul class="cln-browse">\n{items}\n</ul>\n\n')
    return "".join(parts), list_html(cases, urls, href, filterable=True)


def value_title(term: Term) -> str:
    return f"Case studies in {term.name}" if term.kind == "regions" else f"Case studies: {term.name}"


def value_markdown(term: Term, cases: list[CaseStudy], urls: dict[str, str], href: Href,
                   index_url: str, vocabulary_qualities: Iterable[str] = ()) -> tuple[str, str]:
    """The index page of one region, pathway or competency: its case studies, newest first.
    Returns the Markdown, with :data:`LIST` where the list goes, and the list's HTML."""
    title = value_title(term)
    # What a shared link says: the value's own description, else what the page lists, by name.
    named = {"regions": f"from {term.name}", "pathways": f"on the {term.name} pathway",
             "competencies": f"that draw on {term.name}"}[term.kind]
    parts = [_front_matter(title, term.description or f"{plural(len(cases))} {named}, newest first."),
             f"# {_md(title)}\n\n"]
    if term.description:
        parts.append(_md(term.description) + "\n\n")
    qualities = list(vocabulary_qualities)
    if qualities:
        parts.append(_md(f"In the NHS Leadership Qualities Framework this competency draws on: "
                         f"{', '.join(q.lower() for q in qualities)}.") + "\n\n")
    what = {"regions": "from this region", "pathways": "on this pathway",
            "competencies": "that draw on this competency"}[term.kind]
    parts.append(f"{plural(len(cases))} {what}, newest first.\n\n")
    parts.append(LIST + "\n\n")
    parts.append(f'<p><a href="{escape(href(index_url))}">All case studies</a></p>\n')
    # Straight under the page's h1: the titles are h2, no level skipped.
    return "".join(parts), list_html(cases, urls, href, level=2)
