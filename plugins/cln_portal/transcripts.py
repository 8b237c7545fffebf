"""Episode transcripts: read from Markdown, WebVTT or SRT; written as WebVTT, SRT, JSON and HTML.

WCAG 2.2 (1.2.1) asks for a transcript of every pre-recorded episode. Contributors write one in the
episode sidecar's Markdown body, or drop a WebVTT or SRT file from a transcription tool beside the
audio. Every form is read into the same list of :class:`Cue` objects, and every output is written
from that list, so a Markdown transcript and the WebVTT written from it give the same page.

The Markdown form (the sidecar body)::

    Show notes, in any Markdown.

    ## Transcript

    [00:00:00] **Dr Amira Hassan:** Welcome to the CLN podcast.

    [00:00:04] **Sam Patel:** Thank you for having me.

    A paragraph without a speaker continues the same speaker's turn.

* The transcript is the section under a level-2 heading ``## Transcript`` (any case); it ends at
  the next heading of level 1 or 2. Everything else in the body is the show notes.
* A turn is a paragraph that starts with ``**Name:**`` (``**Name**:`` is accepted too), optionally
  preceded by a timestamp ``[hh:mm:ss]`` (also ``[mm:ss]``, and ``.mmm`` fractions).
* A paragraph without a speaker belongs to the previous speaker; it is its own cue (a new
  paragraph on the page), and in a timed transcript it needs its own timestamp.
* Either every paragraph has a timestamp (a timed transcript: VTT, SRT and JSON are written) or
  none has (an untimed transcript: the HTML only). Times must increase; a cue ends where the next
  starts, and the last one at the end of the audio.
* Text is plain text: it is escaped in HTML and XML, never interpreted as Markup.

This module never imports MkDocs. Problems name the file and the line.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Problem
from .frontmatter import read_text
from .text import clean_text

#: The MIME type of each transcript file the build writes, as podcast:transcript lists them.
MIME_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "html": "text/html",
}

#: Transcript files accepted beside the audio, by extension.
SOURCE_SUFFIXES = (".vtt", ".srt")

HEADING = "transcript"


@dataclass(frozen=True)
class Cue:
    """One paragraph of speech: who says it, what, and when (seconds; None when untimed)."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None  # where it was written, for messages


@dataclass(frozen=True)
class Transcript:
    """The cues of one episode and the file they came from."""

    cues: tuple[Cue, ...]
    source: str

    @property
    def timed(self) -> bool:
        return bool(self.cues) and all(c.start is not None for c in self.cues)

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for cue in self.cues:
            if cue.speaker:
                seen.setdefault(cue.speaker)
        return list(seen)

    def text(self) -> str:
        """Plain text of the whole transcript, for search."""
        return "\n".join(f"{c.speaker}: {c.text}" if c.speaker else c.text for c in self.cues)

    def ended(self, duration: float | None) -> tuple["Transcript", list[Problem]]:
        """The transcript with every cue's end set: the next cue's start, the last at ``duration``.

        A cue that starts at or after the end of the audio is a problem: its timestamp is wrong.
        """
        if not self.timed:
            return self, []
        problems = []
        cues = list(self.cues)
        if duration is not None:
            for cue in cues:
                if cue.start >= duration:
                    problems.append(Problem(
                        self.source, f"timestamp {timestamp(cue.start)} is at or after the end of the "
                        f"audio ({timestamp(duration)}); check the timestamp", line=cue.line))
        for i, cue in enumerate(cues):
            if cue.end is not None:
                continue
            if i + 1 < len(cues):
                end = cues[i + 1].start
            elif duration is not None and duration > cue.start:
                end = duration
            else:
                end = cue.start + 1.0
            cues[i] = replace(cue, end=end)
        return Transcript(tuple(cues), self.source), problems


# --- times -----------------------------------------------------------------------------------

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def parse_clock(value: str) -> float:
    """Seconds from ``hh:mm:ss``, ``mm:ss`` or either with ``.mmm`` / ``,mmm``; ValueError if not."""
    match = _CLOCK.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59 or (hours is not None and len(minutes) != 2):
        raise ValueError(value)
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0))


def _millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def cue_time(seconds: float, separator: str = ".") -> str:
    """``00:01:23.500`` (WebVTT) or ``00:01:23,500`` (SRT)."""
    ms = _millis(seconds)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{separator}{ms % 1000:03d}"


def timestamp(seconds: float) -> str:
    """How a listener reads a time: ``1:23`` or ``1:02:03`` (whole seconds)."""
    total = int(seconds)
    hours, minutes, secs = total // 3600, total // 60 % 60, total % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """``PT1M23S``: the machine-readable form for ``<time datetime>``."""
    total = int(seconds)
    hours, minutes, secs = total // 3600, total // 60 % 60, total % 60
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + (f"{secs}S" if secs or out == "PT" else "")


def seek_fragment(seconds: float) -> str:
    """A media fragment (``#t=83``) that starts playback there, in browsers and with our script."""
    value = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return f"#t={value}"


# --- the sidecar body --------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Body:
    """A sidecar body split into show notes and the transcript's Markdown."""

    notes: str
    transcript: str | None  # None: the body has no transcript section
    transcript_line: int = 1  # line of the first transcript line, within the body


def split_body(body: str) -> Body:
    """Split at the ``## Transcript`` heading; the section ends at the next level 1 or 2 heading."""
    lines = body.split("\n")
    fence = None
    start = end = None
    for i, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        heading = _ATX.match(line)
        if not heading:
            continue
        level, title = len(heading.group(1)), (heading.group(2) or "").strip()
        if start is None and level == 2 and title.lower() == HEADING:
            start = i
        elif start is not None and level <= 2:
            end = i
            break
    if start is None:
        return Body(body.strip("\n") + ("\n" if body.strip() else ""), None)
    end = len(lines) if end is None else end
    notes = "\n".join(lines[:start] + lines[end:]).strip("\n")
    return Body(notes + "\n" if notes else "", "\n".join(lines[start + 1:end]), start + 2)


# --- Markdown ----------------------------------------------------------------------------------

_STAMP = re.compile(r"^\[([^\]\s]*)\]\s*")
_LOOKS_LIKE_STAMP = re.compile(r"^\[\s*\d[^\]\n]{0,15}\]")
_SPEAKER = re.compile(r"^\*\*([^*\n]+?)(?::\*\*|\*\*:)\s*")


def _paragraphs(text: str, first_line: int) -> list[tuple[int, str]]:
    """Paragraphs (lines joined by spaces) with the line each starts on."""
    return [(start, " ".join(line.strip() for line in lines)) for start, lines in _blocks(text, first_line)]


def parse_markdown(text: str, source: str, first_line: int = 1) -> tuple[Transcript | None, list[Problem]]:
    """Read the transcript section of a sidecar (the lines after ``## Transcript``)."""
    problems: list[Problem] = []
    cues: list[Cue] = []
    speaker = ""
    for line, para in _paragraphs(text, first_line):
        start = None
        stamp = _STAMP.match(para)
        if stamp and _LOOKS_LIKE_STAMP.match(para):
            try:
                start = parse_clock(stamp.group(1))
            except ValueError:
                problems.append(Problem(source, f"[{stamp.group(1)}] is not a timestamp; write "
                                        "[hh:mm:ss], for example [00:01:23]", line=line))
                continue
            para = para[stamp.end():]
        elif _LOOKS_LIKE_STAMP.match(para):
            bad = para[: para.index("]") + 1]
            problems.append(Problem(source, f"{bad} is not a timestamp; write [hh:mm:ss], for "
                                    "example [00:01:23]", line=line))
            continue
        named = _SPEAKER.match(para)
        if named:
            speaker = clean_text(named.group(1))
            para = para[named.end():]
        elif not speaker:
            problems.append(Problem(source, "the transcript must start with a speaker: write "
                                    "'**Name:** what they said'", line=line))
            continue
        body = clean_text(para)
        if not body:
            problems.append(Problem(source, f"the turn of {speaker} has no text", line=line))
            continue
        cues.append(Cue(speaker, body, start, None, line))
    if not cues and not problems:
        problems.append(Problem(source, "the transcript section is empty; write the turns as "
                                "'**Name:** what they said' under '## Transcript'", line=first_line - 1))
    if problems:
        return None, problems
    problems += _check_timing(cues, source)
    return (None if problems else Transcript(tuple(cues), source)), problems


def _check_timing(cues: list[Cue], source: str) -> list[Problem]:
    timed = [c for c in cues if c.start is not None]
    if timed and len(timed) != len(cues):
        missing = next(c for c in cues if c.start is None)
        return [Problem(source, "this paragraph has no timestamp while others have; give every "
                        "paragraph one ([00:01:23]) or remove them all", line=missing.line)]
    problems = []
    for before, after in zip(timed, timed[1:]):
        if after.start <= before.start:
            problems.append(Problem(
                source, f"timestamp {timestamp(after.start)} is not after the one before it "
                f"({timestamp(before.start)}, line {before.line}); cues must be in time order",
                line=after.line))
    return problems


# --- WebVTT and SRT ----------------------------------------------------------------------------

_ARROW = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
# The markup WebVTT and SRT allow in a cue; any other "<" is text (SRT has no escaping).
_TAG = re.compile(r"</?(?:b|i|u|c|v|lang|ruby|rt|font)(?:[\s.][^>]*)?>|<\d[\d:.]*>", re.IGNORECASE)
_SRT_NAME = re.compile(r"^([A-Z\u00c0-\u024f][\w.'\u2019\- ]{0,40}?):\s+(?=\S)")


def _blocks(text: str, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines (right-stripped) with the line each starts on."""
    out, current, start = [], [], 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            if not current:
                start = first_line + i
            current.append(line.rstrip())
        elif current:
            out.append((start, current))
            current = []
    if current:
        out.append((start, current))
    return out


def _cue_text(lines: list[str], entities: bool) -> tuple[str, str]:
    """(speaker, plain text) of a cue's payload: the ``<v Name>`` span, tags removed, and in
    WebVTT (not SRT, which has no escapes) character references decoded."""
    unescape = html.unescape if entities else str
    payload = " ".join(line.strip() for line in lines)
    voice = _VOICE.search(payload)
    speaker = unescape(voice.group(1) or "").strip() if voice else ""
    plain = unescape(_TAG.sub("", payload))
    return clean_text(speaker), clean_text(re.sub(r"\s+", " ", plain))


def _timed_cues(blocks, source: str, srt: bool) -> tuple[list[Cue], list[Problem]]:
    cues: list[Cue] = []
    problems: list[Problem] = []
    speaker = ""
    for line, block in blocks:
        at = next((i for i, text in enumerate(block) if "-->" in text), None)
        if at is None or at > 1:
            if srt or not (block[0].startswith(("NOTE", "STYLE", "REGION"))):
                problems.append(Problem(source, "expected a cue timing line like "
                                        f"'{cue_time(0, ',' if srt else '.')} --> {cue_time(5, ',' if srt else '.')}'",
                                        line=line))
            continue
        timing = _ARROW.match(block[at])
        times = []
        for value in timing.groups() if timing else ():
            try:
                times.append(parse_clock(value))
            except ValueError:
                break
        if len(times) != 2:
            problems.append(Problem(source, f"{block[at].strip()!r} is not a cue timing; write "
                                    f"'{cue_time(83, ',' if srt else '.')} --> {cue_time(90, ',' if srt else '.')}'",
                                    line=line + at))
            continue
        start, end = times
        if end <= start:
            problems.append(Problem(source, f"the cue ends ({cue_time(end)}) before it starts "
                                    f"({cue_time(start)})", line=line + at))
            continue
        if cues and start < cues[-1].start:
            problems.append(Problem(source, f"the cue at {cue_time(start)} comes after one that "
                                    f"starts later ({cue_time(cues[-1].start)}, line {cues[-1].line}); "
                                    "cues must be in time order", line=line + at))
            continue
        who, text = _cue_text(block[at + 1:], entities=not srt)
        if srt and not who:
            named = _SRT_NAME.match(text)
            if named:
                who, text = named.group(1).strip(), text[named.end():]
            else:
                who = speaker  # SRT names the speaker only when it changes
        speaker = who
        if not text:
            continue  # an empty cue carries nothing to read
        cues.append(Cue(who, text, start, end, line + at))
    if not cues and not problems:
        problems.append(Problem(source, "has no cues with text; is it the right file?"))
    return cues, problems


def parse_vtt(text: str, source: str) -> tuple[Transcript | None, list[Problem]]:
    """Read a WebVTT file; speakers come from ``<v Name>`` voice spans."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not re.match(r"WEBVTT(?:[ \t].*)?$", first):
        return None, [Problem(source, "a WebVTT file must start with the line 'WEBVTT'", line=1)]
    blocks = _blocks(text)
    cues, problems = _timed_cues(blocks[1:], source, srt=False)  # the first block is the header
    return (None if problems else Transcript(tuple(cues), source)), problems


def parse_srt(text: str, source: str) -> tuple[Transcript | None, list[Problem]]:
    """Read a SubRip file; a speaker is ``<v Name>`` or a ``Name:`` prefix when the speaker changes."""
    blocks = _blocks(text.lstrip("\ufeff"))
    cues, problems = _timed_cues(blocks, source, srt=True)
    return (None if problems else Transcript(tuple(cues), source)), problems


def load(path: Path, display: str | None = None) -> tuple[Transcript | None, list[Problem]]:
    """Read a ``.vtt`` or ``.srt`` transcript file."""
    display = display or path.as_posix()
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    if path.suffix.lower() == ".vtt":
        return parse_vtt(text, display)
    if path.suffix.lower() == ".srt":
        return parse_srt(text, display)
    return None, [Problem(display, "is not a transcript; use a .vtt or .srt file")]


# --- an episode's transcript ------------------------------------------------------------------

def missing(ep, folder: str, strict: bool = True) -> Problem:
    """WCAG 2.2 (1.2.1): no transcript is an error in a strict build, a warning in a preview."""
    sidecar = ep.sidecar or f"{folder}/{ep.slug}.md"
    return Problem(
        ep.source,
        f"has no transcript, which WCAG 2.2 (1.2.1) requires for recorded audio: write it under "
        f"'## Transcript' in {sidecar}, or put {folder}/{ep.slug}.vtt (or .srt) beside the audio; "
        f"if it cannot have one, say why in {sidecar}: transcript_exempt: \"the reason\"",
        field="transcript", severity="error" if strict else "warning")


def of_episode(ep, folder: str, strict: bool = True) -> tuple[Transcript | None, list[Problem]]:
    """A podcast episode's transcript (:class:`cln_portal.podcast.Episode`: its sidecar's
    ``## Transcript`` section, or a ``.vtt`` / ``.srt`` file beside the audio), cue ends set."""
    if ep.transcript_markdown is not None and ep.transcript_path is not None:
        return None, [Problem(ep.sidecar, f"has a '## Transcript' section and the episode also has "
                              f"{folder}/{ep.transcript_path.name}; keep one of the two", field="transcript")]
    if ep.transcript_markdown is not None:
        transcript, problems = parse_markdown(ep.transcript_markdown, ep.sidecar, ep.transcript_line or 1)
    elif ep.transcript_path is not None:
        transcript, problems = load(ep.transcript_path, f"{folder}/{ep.transcript_path.name}")
    elif ep.transcript_exempt:
        return None, []
    else:
        return None, [missing(ep, folder, strict)]
    if transcript is None:
        return None, problems
    if ep.transcript_exempt:
        problems.append(Problem(ep.sidecar, "the episode has a transcript: remove transcript_exempt",
                                field="transcript_exempt"))
    transcript, found = transcript.ended(ep.audio.duration)
    return transcript, problems + found


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
    out = ['<div class="cln-transcript">']
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
            out.append(f"<time>{timestamp(cue.start)}</time>")
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
