"""Reading transcripts: the sidecar's ``## Transcript`` section (Markdown), WebVTT and SRT files.

The rules of each form are in :mod:`cln_portal.podcast.transcripts`. Problems name the file and
the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ...content.problems import Problem
from ...content.frontmatter import read_text
from ...content.text import clean_text
from .model import HEADING, Cue, Transcript, cue_time, parse_clock, timestamp


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
