"""Writing transcripts: WebVTT, SRT, JSON and HTML, all from the same list of cues.

Text is plain text: it is escaped in HTML and XML, never interpreted as markup.
"""

from __future__ import annotations

import html
import json

from .model import Cue, Transcript, _millis, cue_time, iso_duration, seek_fragment, timestamp
from ...search import markup as search


# --- writers -----------------------------------------------------------------------------------

def _need_times(transcript: Transcript) -> list[Cue]:
    if not transcript.timed or any(c.end is None for c in transcript.cues):
        raise ValueError(f"{transcript.source}: needs timed cues with ends (call ended() first)")
    return list(transcript.cues)


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(transcript: Transcript) -> str:
    """WebVTT with a ``<v Name>`` voice span on every cue that has a speaker."""
    out = ["WEBVTT", ""]
    for n, cue in enumerate(_need_times(transcript), 1):
        voice = f"<v {_xml_text(cue.speaker)}>" if cue.speaker else ""
        out += [str(n), f"{cue_time(cue.start)} --> {cue_time(cue.end)}", voice + _xml_text(cue.text), ""]
    return "\n".join(out)


def to_srt(transcript: Transcript) -> str:
    """SubRip as the Podcasting 2.0 transcript spec shows it: ``Name:`` when the speaker changes."""
    out, speaker = [], ""
    for n, cue in enumerate(_need_times(transcript), 1):
        prefix = f"{cue.speaker}: " if cue.speaker and cue.speaker != speaker else ""
        speaker = cue.speaker
        out += [str(n), f"{cue_time(cue.start, ',')} --> {cue_time(cue.end, ',')}", prefix + cue.text, ""]
    return "\n".join(out)


def to_json(transcript: Transcript) -> str:
    """The Podcasting 2.0 JSON transcript (version 1.0.0)."""
    segments = []
    for cue in _need_times(transcript):
        segment = {"speaker": cue.speaker} if cue.speaker else {}
        segment.update(startTime=round(cue.start, 3), endTime=round(cue.end, 3), body=cue.text)
        segments.append(segment)
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=1) + "\n"


def to_html(transcript: Transcript, media_url: str = "") -> str:
    """The transcript for the episode page: one block per speaker turn, one paragraph per cue.

    A timed cue starts with a link to its time: ``media_url#t=83`` plays the audio from there in
    any browser; the page's script instead seeks the player on the page (``data-seek``).
    """
    # Found by search, but after pages whose own text has the word (see cln_portal.search.markup).
    out = [f'<div class="cln-transcript"{search.weight(search.TRANSCRIPT_WEIGHT)}>']
    previous = None
    for cue in transcript.cues:
        if previous is None or cue.speaker != previous:
            if previous is not None:
                out.append("</div>")
            out.append('<div class="cln-turn">')
            if cue.speaker:
                out.append(f'<p class="cln-speaker"><strong>{html.escape(cue.speaker)}</strong></p>')
            previous = cue.speaker
        seek = ""
        if cue.start is not None:
            shown = timestamp(cue.start)
            seek = (f'<a class="cln-seek" href="{html.escape(media_url + seek_fragment(cue.start))}" '
                    f'data-seek="{_millis(cue.start) / 1000:g}" aria-label="Play from {shown}">'
                    f'<time datetime="{iso_duration(cue.start)}">{shown}</time></a> ')
        out.append(f"<p>{seek}{html.escape(cue.text, quote=False)}</p>")
    if previous is not None:
        out.append("</div>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def to_podcast_html(transcript: Transcript, title: str, language: str = "en", footer: str = "") -> str:
    """A standalone HTML transcript in the Podcasting 2.0 form (``<cite>``, ``<time>``, ``<p>``),
    for podcast apps; ``footer`` is trusted HTML (links back to the site) placed after it."""
    out = ["<!DOCTYPE html>", f'<html lang="{html.escape(language)}">', "<head>",
           '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Transcript: {html.escape(title)}</title>", "</head>",
           "<body>", "<main>", f"<h1>Transcript: {html.escape(title)}</h1>"]
    for cue in transcript.cues:
        if cue.speaker:
            out.append(f"<cite>{html.escape(cue.speaker)}:</cite>")
        if cue.start is not None:
            # The text is what podcast apps read; datetime makes it a valid HTML <time>.
            out.append(f'<time datetime="{iso_duration(cue.start)}">{timestamp(cue.start)}</time>')
        out.append(f"<p>{html.escape(cue.text, quote=False)}</p>")
    out.append("</main>")
    if footer:
        out.append(f"<footer>{footer}</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def written(transcript: Transcript, title: str, language: str = "en", footer: str = "") -> dict[str, str]:
    """Every transcript file for one episode, by extension: html always, the rest when timed."""
    files = {"html": to_podcast_html(transcript, title, language, footer)}
    if transcript.timed:
        files.update(vtt=to_vtt(transcript), srt=to_srt(transcript), json=to_json(transcript))
    return files
