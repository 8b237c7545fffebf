"""A text interview's header, and the interviews index, as HTML (every value escaped)."""

from __future__ import annotations

from html import escape

from ..content.catalogue import Catalogue
from ..markup.fragments import date_html, link, relative_url
from .model import Interview


def header_html(interview: Interview, episode_link: str = "") -> str:
    """Title, standfirst and who was interviewed, at the top of a text interview's page."""
    facts = [("Interviewee", escape(interview.interviewee.describe()))]
    if interview.interviewer:
        facts.append(("Interviewer", escape(interview.interviewer.describe())))
    facts.append(("Published", date_html(interview.date)))
    if episode_link:
        facts.append(("Listen", episode_link))
    rows = "\n".join(f"<dt>{name}</dt>\n<dd>{value}</dd>" for name, value in facts)
    return (f"<h1>{escape(interview.title)}</h1>\n"
            f'<p class="cln-standfirst">{escape(interview.summary)}</p>\n'
            f'<dl class="cln-facts">\n{rows}\n</dl>\n')


def index_html(interviews: list[Interview], from_url: str, catalogue: Catalogue | None = None) -> str:
    """Every interview, newest first, with whom and what it is (written, or a podcast episode with
    its transcript); a written interview that was also recorded links to its episode."""
    if not interviews:
        return "<p>There are no interviews yet.</p>\n"
    items = []
    for item in sorted(interviews, key=lambda i: (i.date, i.title), reverse=True):
        how = "Podcast episode, with a transcript" if item.kind == "audio" else "Written interview"
        episode = catalogue.entries.get(item.episode) if catalogue and item.episode else None
        if episode is not None:
            how = f"Written interview, also on the podcast: {link(from_url, episode)}"
        who = item.interviewee
        parts = ['<li class="cln-interview">',
                 f'<h2 class="cln-card-title"><a href="{escape(relative_url(from_url, item.url))}">'
                 f'{escape(item.title)}</a></h2>']
        if who.name:
            rest = "".join(f", {escape(value)}" for value in (who.role, who.organisation) if value)
            parts.append(f'<p class="cln-who"><strong>{escape(who.name)}</strong>{rest}</p>')
        parts.append(f'<p class="cln-meta">{how}. {date_html(item.date)}</p>')
        if item.summary:
            parts.append(f"<p>{escape(item.summary)}</p>")
        items.append("\n".join(parts) + "\n</li>")
    return '<ul class="cln-interviews">\n' + "\n".join(items) + "\n</ul>\n"
