"""The podcast's pages: its home (what it is, how to subscribe, series, episodes) and one page per
episode (facts, player, chapters, download, show notes, transcript, related content).

Pure functions from the podcast model (:mod:`cln_portal.podcast`) to Markdown with HTML blocks, so
MkDocs (or any generator) only has to place them. Every value from tags or sidecars is escaped
here. Times link to the audio file with a media fragment (``episode.mp3#t=83``), which plays from
there in any browser; ``podcast.js`` makes the same links seek the player on the page instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import transcripts as tr
from ..markup.fragments import date_html, entry_list, related_section, relative_url

#: How the page names each audio format in "Download (MP3, 1.2 MB)".
FORMAT_NAMES = {"mp3": "MP3", "m4a": "M4A", "mp4": "MP4", "ogg": "Ogg Vorbis", "opus": "Opus", "flac": "FLAC"}
#: The transcript files a reader can download (transcript.html, for podcast apps, repeats this page).
TRANSCRIPT_NAMES = {"vtt": "WebVTT captions", "srt": "SubRip captions", "json": "JSON"}


def human_duration(seconds: float) -> str:
    """'1 hour 2 minutes', '8 minutes 20 seconds', '45 seconds': how a listener says it."""
    total = int(round(seconds))
    hours, minutes, secs = total // 3600, total // 60 % 60, total % 60

    def unit(n: int, name: str) -> str:
        return f"{n} {name}{'' if n == 1 else 's'}"

    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    if minutes:
        return unit(minutes, "minute") + (f" {unit(secs, 'second')}" if secs else "")
    return unit(secs, "second")


def human_size(size: int) -> str:
    """'820 KB', '1.2 MB', '1.1 GB' (decimal units, as file managers show them)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            value = size / scale
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"{text.removesuffix('.0')} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class EpisodeContext:
    """What an episode page shows beyond the episode itself, resolved once per build."""

    transcript: "tr.Transcript | None" = None
    transcript_files: tuple[tuple[str, str], ...] = ()  # (site path, extension)
    interviews: tuple = ()  # catalogue entries of text interviews of this episode
    related: tuple = ()  # catalogue entries it names
    linking: tuple = ()  # catalogue entries that name it


def series_label(ep) -> str:
    parts = []
    if ep.season:
        parts.append(f"season {ep.season}")
    if ep.number:
        parts.append(f"episode {ep.number}")
    return ", ".join(parts)


def person_line(person) -> str:
    role = f", {escape(person.role)}" if getattr(person, "role", None) else ""
    return f"{escape(person.name)}{role}"


def audio_href(ep, page_url: str) -> str:
    """The audio as the page links it: relative when the site serves it, else the media URL."""
    return relative_url(page_url, ep.audio_url) if ep.audio_url else ep.enclosure_url


def episode_markdown(ep, context: EpisodeContext, page_url: str, podcast_url: str = "podcast/") -> str:
    """The whole page of one episode, as Markdown with HTML blocks."""
    audio = audio_href(ep, page_url)
    fmt = FORMAT_NAMES.get(ep.audio.format, ep.audio.format.upper())
    out = [f"<h1>{escape(ep.title)}</h1>"]
    if ep.description:
        out.append(f'<p class="cln-standfirst">{escape(ep.description)}</p>')
    facts = [("Published", date_html(ep.date))]
    if ep.series is not None:
        where = escape(series_label(ep))
        series_link = f'<a href="{escape(relative_url(page_url, podcast_url))}#series-{escape(ep.series.slug)}">{escape(ep.series.title)}</a>'
        facts.append(("Series", series_link + (f", {where}" if where else "")))
    elif series_label(ep):
        facts.append(("Episode", escape(series_label(ep)).capitalize()))
    if ep.persons:
        speakers = "".join(f"<li>{person_line(p)}</li>" for p in ep.persons)
        facts.append(("Speakers", f'<ul class="cln-speakers">{speakers}</ul>'))
    facts.append(("Length", f'<time datetime="{tr.iso_duration(ep.duration)}">{human_duration(ep.duration)}</time>'))
    rows = "\n".join(f"<dt>{name}</dt>\n<dd>{value}</dd>" for name, value in facts)
    out.append(f'<dl class="cln-facts">\n{rows}\n</dl>')
    if ep.artwork_url:
        out.append(f'<p class="cln-artwork"><img src="{escape(relative_url(page_url, ep.artwork_url))}" '
                   f'alt="" width="300" height="300" loading="lazy"></p>')
    # preload="none": the page says the length; a page view fetches no audio, so the server's
    # log holds audio requests only from people who press play (what `cln stats` counts).
    preload = "none"
    out.append(
        '<div class="cln-player">\n'
        f'<audio controls preload="{preload}" id="cln-player" aria-label="Listen to {escape(ep.title)}">\n'
        f'<source src="{escape(audio)}" type="{escape(ep.audio.mime)}">\n'
        f'<p>Your browser cannot play this audio: <a href="{escape(audio)}">download the episode</a>.</p>\n'
        "</audio>\n"
        f'<p class="cln-download"><a href="{escape(audio)}" download>Download the episode '
        f"({fmt}, {human_size(ep.audio.size)})</a></p>\n"
        "</div>"
    )
    if ep.chapters:
        items = []
        for chapter in ep.chapters:
            shown = tr.timestamp(chapter.start)
            items.append(
                f'<li><a class="cln-seek" href="{escape(audio + tr.seek_fragment(chapter.start))}" '
                f'data-seek="{round(chapter.start, 3):g}" aria-label="Play from {shown}: {escape(chapter.title)}">'
                f'<time datetime="{tr.iso_duration(chapter.start)}">{shown}</time></a> {escape(chapter.title)}</li>')
        out.append("## Chapters\n\n" + '<ol class="cln-chapters">\n' + "\n".join(items) + "\n</ol>")
    if ep.show_notes.strip():
        out.append("## Show notes\n\n" + ep.show_notes.strip())
    if context.interviews:
        out.append("## Read the interview\n\n" + entry_list(page_url, list(context.interviews)))
    out.append("## Transcript\n\n" + transcript_block(ep, context, page_url, audio))
    related = related_section(page_url, list(context.related), list(context.linking))
    if related:
        out.append(related.strip())
    return "\n\n".join(out) + "\n"


def transcript_block(ep, context: EpisodeContext, page_url: str, audio: str) -> str:
    if context.transcript is None:
        reason = escape(ep.transcript_exempt or "")
        return f'<p class="cln-no-transcript">This episode has no transcript: {reason}</p>'
    links = [f'<a href="{escape(relative_url(page_url, path))}">{TRANSCRIPT_NAMES[ext]}</a>'
             for path, ext in context.transcript_files if ext in TRANSCRIPT_NAMES]
    files = (f'<p class="cln-transcript-files">The transcript is also available as: {", ".join(links)}.</p>\n'
             if links else "")
    hint = ('<p class="cln-hint">Select a time to play the episode from that point.</p>\n'
            if context.transcript.timed else "")
    return hint + tr.to_html(context.transcript, audio) + files


# --- the podcast home --------------------------------------------------------------------------

@dataclass(frozen=True)
class Feed:
    """A feed a listener can subscribe to."""

    title: str  # "All episodes" or the series title
    url: str  # absolute
    ident: str  # for element ids


def copy_field(feed: Feed) -> str:
    """The feed address as selectable text, with a copy button that only appears with JavaScript."""
    ident = f"feed-{escape(feed.ident)}"
    return (f'<p class="cln-feed"><strong>{escape(feed.title)}</strong><br>\n'
            f'<code id="{ident}">{escape(feed.url)}</code> '
            f'<button type="button" class="md-button cln-copy" data-copy-target="{ident}" hidden '
            f'aria-label="Copy feed address: {escape(feed.title)}">Copy</button></p>')


SUBSCRIBE = """\
## How to subscribe

Subscribing means new episodes arrive in your podcast app by themselves. Copy a feed address below
(select it, or use the Copy button) and add it to your app:

- **Apple Podcasts** on iPhone or iPad: open the Podcasts app, go to Library, open the menu with
  three dots at the top and choose **Follow a Show by URL**, then paste the address. On a Mac, open
  Podcasts and choose **File**, then **Follow a Show by URL**.
- **Spotify** does not accept feed addresses from listeners: search for the show's name in Spotify
  and choose **Follow**.
- **Other apps** (AntennaPod, gPodder, Overcast, Pocket Casts and most others): look for **Add
  podcast**, **Add by URL** or **Add RSS feed**, then paste the address.

You do not need an account with us, and we do not know who subscribes.
"""


def episode_item(ep, page_url: str, heading: str = "h3") -> str:
    where = series_label(ep)
    series = f"{escape(ep.series.title)}" + (f", {escape(where)}" if where else "") if ep.series else escape(where.capitalize())
    meta = ". ".join(part for part in (series, date_html(ep.date), human_duration(ep.duration)) if part)
    summary = f"\n<p>{escape(ep.description)}</p>" if ep.description else ""
    return (f'<li class="cln-episode">\n<{heading} class="cln-card-title"><a href="{escape(relative_url(page_url, ep.url))}">'
            f"{escape(ep.title)}</a></{heading}>\n<p class=\"cln-meta\">{meta}</p>{summary}\n</li>")


def home_markdown(show, series_feeds: list[tuple[object, Feed]], all_feed: Feed, episodes: list,
                  page_url: str, latest: int = 5, artwork: dict | None = None) -> str:
    """The podcast's home page: what it is, how to subscribe, the series and every episode.

    ``episodes`` are the published ones, newest first; ``artwork`` maps a series slug (or "show")
    to the artwork's site path.
    """
    artwork = artwork or {}
    out = [f"<h1>{escape(show.title or 'Podcast')}</h1>"]
    if show.description:
        out.append(f'<p class="cln-standfirst">{escape(show.description)}</p>')
    out.append(SUBSCRIBE.strip())
    out.append("\n".join(copy_field(feed) for feed in [all_feed, *(f for _, f in series_feeds)]))
    out.append('<p class="cln-copy-status" role="status" aria-live="polite"></p>')
    if episodes:
        items = "\n".join(episode_item(ep, page_url) for ep in episodes[:latest])
        out.append("## Latest episodes\n\n" + f'<ul class="cln-episodes">\n{items}\n</ul>')
    if series_feeds:
        out.append("## The series")
    for series, feed in series_feeds:
        mine = [ep for ep in episodes if ep.series is series]
        block = [f'<h3 id="series-{escape(series.slug)}">{escape(series.title)}</h3>']
        if series.slug in artwork:
            block.append(f'<p class="cln-artwork"><img src="{escape(relative_url(page_url, artwork[series.slug]))}" '
                         'alt="" width="160" height="160" loading="lazy"></p>')
        if series.description:
            block.append(f"<p>{escape(series.description)}</p>")
        block.append(f'<p>Feed for this series only: <a href="{escape(feed.url)}">{escape(feed.url)}</a></p>')
        if mine:
            block.append('<ul class="cln-episodes">\n' + "\n".join(episode_item(ep, page_url, "h4") for ep in mine) + "\n</ul>")
        else:
            block.append("<p>No episodes yet.</p>")
        out.append("\n".join(block))
    loose = [ep for ep in episodes if ep.series is None]
    if loose:
        out.append("## Other episodes\n\n" + '<ul class="cln-episodes">\n'
                   + "\n".join(episode_item(ep, page_url) for ep in loose) + "\n</ul>")
    if not episodes:
        out.append("<p>There are no episodes yet.</p>")
    return "\n\n".join(out) + "\n"
