"""Episodes: an audio file's tags, merged with its optional sidecar, checked field by field.

``podcasts/<slug>.<ext>`` is one episode; ``podcasts/<slug>.md`` may add or override any field in
its front matter and carries the show notes (and the transcript) in its body. Where the sidecar is
silent, the tags are the truth. Every problem is one :class:`~cln_portal.content.problems.Problem` naming the
file and the field, so a contributor sees them all in one run.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import frontmatter, placeholders
from ..content.dates import parse_date
from ..content.problems import Problem
from ..content.paths import file_in
from ..content.tagging import read_tags
from ..content.text import clean_text, did_you_mean
from . import artwork as artwork_rules
from .audio import Artwork, Audio, Chapter, sniff_image
from .people import Person, persons_of
from .show import Series, Show

SIDECAR_KEYS = ("title", "description", "date", "series", "season", "episode", "explicit",
                "episode_type", "guid", "draft", "persons", "region", "pathways", "competencies", "related",
                "transcript_exempt", "artwork", "interviewee")
EPISODE_TYPES = ("full", "trailer", "bonus")
#: Apple Podcasts and Spotify cut an episode description at 4,000 characters; a longer comment
#: tag is a mistake (a pasted transcript) that would also bloat every feed.
DESCRIPTION_LIMIT = 4000

@dataclass
class Episode:
    """One episode, as the feeds and the episode pages use it.

    Identity and place:
      ``slug`` (the file name without extension), ``source`` (the audio file, as contributors know
      it), ``sidecar`` (``podcasts/<slug>.md`` or None), ``guid`` (stable forever, see
      :mod:`.guids`), ``url`` (``podcast/<slug>/``, relative to the site root) and ``link``
      (absolute page URL).
    Text (all plain text, control characters removed; escape it when writing HTML or XML):
      ``title``, ``description`` (one paragraph or a few, from the comment tag or the sidecar).
    Sidecar body (Markdown): ``body`` is the whole body; ``show_notes`` the body without the
      ``## Transcript`` section; ``transcript_markdown`` that section's text (None when absent),
      starting at ``transcript_line`` of the sidecar. ``transcript_path`` is a ``<slug>.vtt`` or
      ``<slug>.srt`` file beside the audio, if there is one. ``transcript_exempt`` is the reason
      given for having no transcript (None when not exempt). ``transcripts`` is filled by whoever
      writes transcript files: (URL relative to the site root, MIME type) pairs that the feeds
      list as podcast:transcript.
    Publication: ``date`` (datetime.date), ``draft``, ``status`` ("published", "draft" or
      "future"), ``series`` (:class:`~.show.Series` or None), ``season`` and ``number`` (int or
      None), ``episode_type`` ("full", "trailer", "bonus"), ``explicit`` (bool), ``persons``
      (:class:`Person` list), ``related`` (slugs of other content), ``genre``, ``interviewee``
      (the sidecar's ``interviewee:`` value, unchecked, and ``interviewee_line``).
    Subject: ``region`` (a :class:`~cln_portal.content.vocabulary.Term` or None), ``pathways`` and
      ``competencies`` (Term tuples), from the sidecar, checked against the vocabulary: what the
      self-assessment recommends it for and where the coverage map counts it.
    Audio: ``audio`` (:class:`~.audio.Audio`: path, format, mime, size, duration, bitrate,
      chapters, artwork), ``duration`` (whole seconds), ``chapters`` (:class:`~.audio.Chapter`
      list: start seconds, title), ``artwork`` (:class:`~.audio.Artwork` bytes + mime: the
      sidecar's image or the embedded one, None when neither), ``enclosure_url`` (absolute URL the
      feeds give for the audio), ``audio_url`` (the audio's site path when the site serves it,
      else None), ``chapters_url`` and ``image_url`` (site paths of the chapters JSON and the
      episode image; image None without artwork).
    """

    slug: str
    source: str
    audio: Audio
    sidecar: str | None = None
    title: str = ""
    description: str = ""
    body: str = ""
    show_notes: str = ""
    transcript_markdown: str | None = None
    transcript_line: int | None = None
    transcript_path: Path | None = None
    transcript_exempt: str | None = None
    transcripts: list[tuple[str, str]] = field(default_factory=list)
    date: _dt.date | None = None
    draft: bool = False
    status: str = "published"
    series: Series | None = None
    season: int | None = None
    number: int | None = None
    episode_type: str = "full"
    explicit: bool = False
    persons: list[Person] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    genre: str | None = None
    interviewee: object = None  # sidecar ``interviewee:`` as written; the episode pages check it
    interviewee_line: int | None = None
    region: object = None  # a vocabulary Term
    pathways: tuple = ()
    competencies: tuple = ()
    guid: str = ""
    guid_from_sidecar: str | None = None
    artwork: Artwork | None = None
    enclosure_url: str = ""
    audio_url: str | None = None
    link: str = ""
    fallback_artwork_url: str | None = None  # its series' artwork, else the show's (site path)

    @property
    def url(self) -> str:
        return f"podcast/{self.slug}/"

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def duration(self) -> int:
        return int(round(self.audio.duration))

    @property
    def chapters(self) -> list[Chapter]:
        return self.audio.chapters

    @property
    def filename(self) -> str:
        return f"{self.slug}{self.audio.path.suffix.lower()}"

    @property
    def chapters_url(self) -> str | None:
        return f"{self.url}chapters.json" if self.chapters else None

    @property
    def artwork_url(self) -> str | None:
        """The image shown for the episode: its own, else its series', else the show's."""
        return self.image_url or self.fallback_artwork_url

    @property
    def image_url(self) -> str | None:
        if self.artwork is None:
            return None
        # A new image gets a new name: Apple keeps showing a cached image behind an unchanged URL.
        digest = hashlib.sha256(self.artwork.data).hexdigest()[:8]
        return f"{self.url}cover-{digest}{self.artwork.extension}"


def split_body(body: str) -> tuple[str, str | None, int | None]:
    """Show notes and the ``## Transcript`` section (which ends at the next level 1 or 2 heading)."""
    lines = body.split("\n")
    start = end = None
    fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        match = re.match(r"(#{1,2})\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        if start is None and len(match.group(1)) == 2 and match.group(2).lower() == "transcript":
            start = i
        elif start is not None:
            end = i
            break
    if start is None:
        return body, None, None
    end = len(lines) if end is None else end
    notes = "\n".join(lines[:start] + lines[end:]).strip("\n")
    return (notes + "\n" if notes else ""), "\n".join(lines[start + 1 : end]), start + 2


def _number(value: object, source: str, field_name: str, what: str, problems: list[Problem]) -> int | None:
    """Track/disc numbers as taggers write them: 5, "05", "2/10"."""
    if value is None or value == "":
        return None
    text = str(value).split("/")[0].strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        problems.append(Problem(source, f"{value!r} is not a {what} number; use a whole number from 1",
                                field=field_name))
        return None
    return int(text)


def _tag_date(value: str, source: str, sidecar_name: str, problems: list[Problem]) -> _dt.date | None:
    text = value.strip()
    if re.fullmatch(r"\d{4}", text) or re.fullmatch(r"\d{4}-\d{2}", text):
        problems.append(Problem(source, f"the date tag gives only {text!r}; an episode needs its full "
                                        f"publication date: tag it as YYYY-MM-DD or add 'date: "
                                        f"{text[:4]}-MM-DD' to {sidecar_name}", field="date"))
        return None
    try:
        return parse_date(text[:10] if re.match(r"\d{4}-\d{2}-\d{2}([T ]|$)", text) else text)
    except ValueError as exc:
        problems.append(Problem(source, f"the date tag {exc}; or set 'date:' in {sidecar_name}",
                                field="date"))
        return None


def _load_sidecar(path: Path, display: str, problems: list[Problem]) -> frontmatter.Document | None:
    doc, found = frontmatter.load(path, display)
    problems += found
    if doc is None:
        return None
    for key in doc.meta:
        if key not in SIDECAR_KEYS:
            problems.append(Problem(display, f"unknown field{did_you_mean(key, SIDECAR_KEYS)} "
                                             f"(fields: {', '.join(SIDECAR_KEYS)})",
                                    field=key, line=doc.line_of(key)))
    return doc


def build(audio: Audio, slug: str, source: str, sidecar_path: Path | None, sidecar_display: str,
          show: Show | None, folder: Path, today: _dt.date,
          vocabulary=None) -> tuple[Episode, list[Problem]]:
    """Merge one audio file's tags with its sidecar into an :class:`Episode` and check it; the
    sidecar's region, pathways and competencies against ``vocabulary`` (not read without one)."""
    problems: list[Problem] = []
    ep = Episode(slug=slug, source=source, audio=audio)
    meta: dict = {}
    lines: dict[str, int] = {}
    doc = None
    if sidecar_path is not None:
        ep.sidecar = sidecar_display
        doc = _load_sidecar(sidecar_path, sidecar_display, problems)
        if doc is not None:
            meta, lines = doc.meta, doc.key_lines
            ep.body = doc.body
            ep.show_notes, ep.transcript_markdown, transcript_line = split_body(doc.body)
            if transcript_line is not None:
                ep.transcript_line = doc.body_line + transcript_line - 1

    def where(key: str) -> tuple[str, int | None]:
        """Problems about a field point at the sidecar when it set the field, else the audio."""
        return (sidecar_display, lines.get(key)) if key in meta else (source, None)

    def problem(key: str, message: str, severity: str = "error") -> None:
        path, line = where(key)
        problems.append(Problem(path, message, field=key, line=line, severity=severity))

    def text_field(key: str, tag: str) -> str:
        if key in meta:
            value = meta[key]
            if value is None or isinstance(value, (dict, list, bool)):
                problem(key, "must be text")
                return ""
            return clean_text(value)
        return audio.tag(tag) or ""

    ep.title = text_field("title", "title")
    if not ep.title:
        problems.append(Problem(source, f"has no title: tag the file with one (ID3 TIT2, MP4 \u00a9nam, "
                                        f"Vorbis TITLE) or set 'title:' in {sidecar_display}", field="title"))
    ep.description = text_field("description", "description")
    if len(ep.description) > DESCRIPTION_LIMIT:
        problem("description", f"is {len(ep.description):,} characters long; podcast apps show at most "
                               f"{DESCRIPTION_LIMIT:,}: shorten it, and put longer notes in the body of "
                               f"{sidecar_display}")
    if not ep.description and ep.title:
        problems.append(Problem(source, f"has no description: tag the file with a comment or set "
                                        f"'description:' in {sidecar_display}", field="description"))

    if "date" in meta:
        try:
            ep.date = parse_date(meta["date"])
        except ValueError as exc:
            problem("date", str(exc))
    elif audio.tag("date"):
        ep.date = _tag_date(audio.tag("date"), source, sidecar_display, problems)
    else:
        problems.append(Problem(source, f"has no publication date: tag it (ID3 TDRC, MP4 \u00a9day, "
                                        f"Vorbis DATE) as YYYY-MM-DD or add 'date: YYYY-MM-DD' to "
                                        f"{sidecar_display}", field="date"))

    series_name = meta.get("series") if "series" in meta else audio.tag("album")
    if series_name not in (None, "") and show is not None:
        ep.series = show.find_series(clean_text(series_name))
        if ep.series is None:
            known = [s.title for s in show.series]
            problem("series", f"{clean_text(series_name)!r} is not a series of the show"
                              f"{did_you_mean(clean_text(series_name), known)} (series in "
                              f"{show.source}: {', '.join(known) or 'none'}); the album tag names the series")

    ep.season = _number(meta["season"] if "season" in meta else audio.tag("disc"), where("season")[0],
                        "season", "season", problems)
    ep.number = _number(meta["episode"] if "episode" in meta else audio.tag("track"), where("episode")[0],
                        "episode", "episode", problems)
    ep.genre = audio.tag("genre")

    ep.explicit = show.explicit if show else False
    for key in ("explicit", "draft"):
        if key in meta:
            if not isinstance(meta[key], bool):
                problem(key, f"must be true or false, not {meta[key]!r}")
            else:
                setattr(ep, key, meta[key])
    ep.episode_type = str(meta.get("episode_type", "full")).strip().lower()
    if ep.episode_type not in EPISODE_TYPES:
        problem("episode_type", f"{meta['episode_type']!r} is not an episode type; use full, trailer or bonus")
        ep.episode_type = "full"

    if "guid" in meta:
        guid = clean_text(meta["guid"]) if isinstance(meta["guid"], (str, int)) else ""
        if not guid:
            problem("guid", "must be the text of a GUID, as podcasts/published.yml lists it")
        ep.guid_from_sidecar = guid or None

    if "persons" in meta:
        ep.persons = persons_of(meta["persons"], sidecar_display, problems)
    else:
        ep.persons = [Person(name) for name in audio.tags.get("artist", [])]

    related = meta.get("related") or []
    if isinstance(related, str):
        related = [related]
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        problem("related", "must be a list of slugs (file names without .md)")
        related = []
    ep.related = [r.strip() for r in related if r.strip()]

    if "interviewee" in meta:
        ep.interviewee, ep.interviewee_line = meta["interviewee"], lines.get("interviewee")

    if doc is not None and vocabulary is not None:
        tagged, found = read_tags(doc, sidecar_display, vocabulary)
        ep.region, ep.pathways, ep.competencies = (tagged[k] for k in ("region", "pathways", "competencies"))
        problems += found

    if "transcript_exempt" in meta:
        reason = meta["transcript_exempt"]
        if not isinstance(reason, str) or not reason.strip():
            problem("transcript_exempt", "must say why this episode has no transcript, for example "
                                         "'music only, no speech'")
        else:
            ep.transcript_exempt = clean_text(reason)

    ep.artwork = audio.artwork
    if "artwork" in meta:
        image, refused = file_in(folder, meta["artwork"])
        if refused:  # a path out of podcasts/ would publish any file on the machine
            problem("artwork", refused)
            ep.artwork = None
        elif not image.is_file():
            problem("artwork", f"{meta['artwork']} does not exist in {Path(source).parent.as_posix()}/")
            ep.artwork = None
        else:
            data = image.read_bytes()
            ep.artwork = Artwork(data, sniff_image(data) or "application/octet-stream")
    if ep.artwork is not None:
        info, wrong = artwork_rules.check(ep.artwork.data)
        shown = "the artwork" + ("" if "artwork" in meta else " embedded in the file")
        for message in wrong:
            problem("artwork", f"{shown} {message}", severity="warning")
        if info is None:
            ep.artwork = None  # never publish something that is not an image

    duration = audio.duration
    for chapter in audio.chapters:
        if chapter.start > duration:
            problems.append(Problem(source, f"chapter {chapter.title!r} starts at {chapter.start:.0f} s, "
                                            f"after the end of the audio ({duration:.0f} s)", field="chapters"))

    if ep.draft:
        ep.status = "draft"
    elif ep.date is not None and ep.date > today:
        ep.status = "future"
    if not ep.draft and doc is not None:  # a draft may keep the template's TODOs
        problems += placeholders.find(doc, sidecar_display)
    return ep, problems
