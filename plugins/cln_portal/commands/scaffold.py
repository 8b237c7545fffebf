"""New content from templates: ``python -m cln_portal new case-study "Title"`` and friends.

Each scaffolder writes one correctly filled file in the right folder, named by a slug of the
title, and never overwrites: a second run with the same title is refused with the file named.
What the file must contain is decided by the content type's own template and loader; a test runs
every scaffolder's output through ``make check`` and the build.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.text import clean_text, slugify


class ScaffoldError(Exception):
    """The file cannot be written; the message says why and what to do instead."""


@dataclass(frozen=True)
class Created:
    path: Path  # the new file
    display: str  # as the contributor knows it: case_studies/<slug>.md
    next_steps: str


def yaml_text(value: str) -> str:
    """A title as a YAML scalar that means exactly that text (quotes, colons, '#' and all)."""
    return json.dumps(clean_text(value), ensure_ascii=False)


def slug_for(title: str) -> str:
    slug = slugify(clean_text(title))
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name from; "
                            "give a title in words")
    return slug


def write_new(path: Path, text: str, root: Path) -> str:
    """Create ``path`` with ``text``; refuse (without touching it) if it already exists."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display} already exists; edit that file, or choose another title") from None
    return display


def _set_field(front: str, name: str, value: str) -> str:
    """Replace the value of a top-level ``name:`` line (keeping its trailing comment)."""
    pattern = re.compile(rf"^{re.escape(name)}:[^\n#]*?(\s+#[^\n]*)?$", re.M)
    if not pattern.search(front):
        return front + f"{name}: {value}\n"
    return pattern.sub(lambda m: f"{name}: {value}{m.group(1) or ''}", front, count=1)


def fill_template(template: str, values: dict[str, str]) -> str:
    """The template with its leading instruction comments removed and ``values`` set."""
    if not template.startswith("---\n"):
        raise ScaffoldError("the template has no front matter ('---' first line)")
    end = template.index("\n---\n", 3)
    lines = template[4:end + 1].splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)  # "Copy this file to ...": the scaffolder has done that
    front = "".join(lines)
    for name, value in values.items():
        front = _set_field(front, name, value)
    result = "---\n" + front + template[end + 1:]
    yaml.safe_load(result[4:result.index("\n---\n", 3)])  # still valid YAML: a bug here is ours
    return result


def new_case_study(root: Path, title: str, folder: str = "case_studies",
                   today: _dt.date | None = None) -> Created:
    """``<folder>/<slug>.md`` from ``<folder>/_template.md``, as a draft dated today."""
    template_path = root / folder / "_template.md"
    if not template_path.is_file():
        raise ScaffoldError(f"{folder}/_template.md is missing; it is the case study template")
    slug = slug_for(title)
    today = today or _dt.date.today()
    text = fill_template(template_path.read_text(encoding="utf-8"), {
        "title": yaml_text(title), "date": today.isoformat(), "status": "draft",
    })
    display = write_new(root / folder / f"{slug}.md", text, root)
    return Created(root / folder / f"{slug}.md", display,
                   f"Replace every TODO in the fields and the five sections, "
                   f"then run `make check`. It stays a draft, shown only in `make serve`, until you "
                   f"set status: published.")


COLUMN_TEMPLATE = """\
---
title: {title}
# One sentence under the headline: who writes and what the column argues. Replace every TODO:
# a column that still has one is not published (make check says where).
standfirst: {standfirst}
date: {date}
# Writers by id from content/columns/.authors.yml ({known}).
authors: [{author}]
categories: [{category}]
# Optional: pathways, competencies, region (values in CONTRIBUTING.md), hsj_url (the article
# on hsj.co.uk), related (slugs of case studies, episodes, columns or interviews).
# A draft is previewed by `make serve` but not published; delete this line when it is ready.
draft: true
---

TODO: the opening paragraph: the news or the argument, in two or three plain sentences.

## TODO: a short crosshead

TODO: the column, in short paragraphs. Job titles in lower case ("health minister Lord Darzi"),
"to" for ranges and "and", not "&".

## TODO: another crosshead

TODO: what readers can do, and where to find out more.
"""


def new_column(root: Path, title: str, posts_dir: str, authors: dict, author: str | None = None,
               today: _dt.date | None = None) -> Created:
    """``<posts_dir>/<slug>.md``: a draft column by ``author`` (default: the first in the authors file)."""
    if not authors:
        raise ScaffoldError("the authors file lists no authors; add the writer there first "
                            "(content/columns/.authors.yml)")
    if author is None:
        author = next(iter(authors))
    elif author not in authors:
        raise ScaffoldError(f"{author!r} is not in the authors file; known authors: {', '.join(authors)}")
    slug = slug_for(title)
    writer = authors[author]
    text = COLUMN_TEMPLATE.format(
        title=yaml_text(title),
        standfirst=yaml_text(f"TODO: one sentence, for example {writer.name}, {writer.role}, on "
                             f"{clean_text(title)[:1].lower()}{clean_text(title)[1:]}"),
        date=(today or _dt.date.today()).isoformat(),
        known=", ".join(authors), author=author,
        category="Director's column" if writer.role == "director" else "Guest column",
    )
    yaml.safe_load(text.split("---\n")[1])
    display = write_new(root / posts_dir / f"{slug}.md", text, root)
    return Created(root / posts_dir / f"{slug}.md", display,
                   "Replace every TODO (the standfirst and the column), then run `make check`. Delete the "
                   "'draft: true' line when it is ready to publish.")


#: What an episode's audio should say about itself: (label, the reader's tag, the option that sets it).
EPISODE_TAGS = (
    ("title", "title", "--title"),
    ("date", "date", "--date"),
    ("description", "description", "--description"),
    ("series", "album", "--series"),
    ("season", "disc", "--season"),
    ("episode number", "track", "--number"),
    ("artwork", None, "--artwork"),
    ("chapters", None, "--chapters"),
)
REQUIRED_TAGS = ("title", "date", "description")
EXAMPLES = {"--title": '"..."', "--date": "2009-03-16", "--description": '"..."'}


def option_name(option: str) -> str:
    """An option as the contributor gives it: ``TITLE`` under make (the Makefile sets
    CLN_FROM_MAKE=1), ``--title`` when running the command itself."""
    if os.environ.get("CLN_FROM_MAKE") == "1":
        return option.lstrip("-").upper()
    return option


def option_example(option: str) -> str:
    """``TITLE="..."`` under make, ``--title "..."`` for the command."""
    joiner = "=" if os.environ.get("CLN_FROM_MAKE") == "1" else " "
    return f"{option_name(option)}{joiner}{EXAMPLES[option]}"

EPISODE_SIDECAR = """\
---
# Show notes and transcript of {audio}. Fields here override the audio's tags (title,
# description, date, series, episode); the tags are used where this file says nothing.
persons:
{persons}
related: []  # optional: slugs of case studies, columns, interviews or other episodes
# Optional, from content/_data/vocabulary.yml: region (leave it out for the whole network), and
# pathways and competencies as lists; the self-assessment recommends episodes by competency.
# A draft is checked and previewed (make serve) but not in the feeds; delete this line to publish
# once every TODO below is replaced (a published episode with a TODO is refused).
draft: true
---

TODO: what listeners will hear, in one or two plain sentences.

- TODO: the first topic
- TODO: the second topic

## Transcript

[00:00:00] **{speaker}:** TODO: the words as spoken, one paragraph per speaker turn, each with the
time it starts.
"""


@dataclass
class EpisodeDraft:
    """What ``new episode`` found and did: one line per tag, then the files written."""

    report: list[str]
    created: Created | None = None


def new_episode(root: Path, audio_path: Path, folder: str = "podcasts", *, title: str | None = None,
                date: str | None = None, description: str | None = None, series: str | None = None,
                number: int | str | None = None, artwork: Path | None = None,
                chapters: Path | None = None, season: int | str | None = None) -> EpisodeDraft:
    """Check an audio file's tags, write the ones given (MP3), and add it with a sidecar to ``folder``.

    The original file is never changed: it is copied to ``<folder>/<slug>.<ext>`` and the copy
    is tagged. Nothing is written when a required tag (title, date, description) would still be
    missing, or when the episode's files already exist.
    """
    import shutil

    from ..podcast import tags as episode_tags
    from ..content.dates import parse_date
    from ..podcast import artwork as artwork_rules
    from ..podcast import show as show_mod
    from ..podcast.audio import read as read_audio, sniff_image

    shown = audio_path.as_posix()
    audio, problems = read_audio(audio_path, shown)
    if audio is None:
        raise ScaffoldError("\n".join(str(p) for p in problems))
    given: dict[str, object] = {}
    wrong: list[str] = []  # every value that cannot be used, all reported in one run
    refused: set[str] = set()  # labels of those values
    if title is not None:
        given["title"] = clean_text(title)
    if date is not None:
        try:
            given["date"] = parse_date(date).isoformat()
        except ValueError as exc:
            wrong.append(f"{option_name('--date')}: {exc}")
            refused.add("date")
    if description is not None:
        given["description"] = clean_text(description)
    if series is not None:
        show, _ = show_mod.load(root / folder, folder)
        found = show.find_series(series) if show else None
        if found is None:
            known = ", ".join(s.title for s in show.series) if show else "none"
            wrong.append(f"{option_name('--series')}: {series!r} is not a series in {folder}/show.yml "
                         f"(series: {known})")
            refused.add("series")
        else:
            given["series"] = found.title
    for label, value in (("episode number", number), ("season", season)):
        if value is None:
            continue
        option = option_name(next(o for name, _, o in EPISODE_TAGS if name == label))
        if not str(value).strip().isdigit() or int(str(value).strip()) < 1:
            wrong.append(f"{option}: {value!r} is not {'an' if label[0] in 'aeiou' else 'a'} {label}; "
                         "give a whole number from 1")
            refused.add(label)
        else:
            given[label] = int(str(value).strip())
    notes: list[str] = []
    if artwork is not None:
        try:
            data = artwork.read_bytes()
        except OSError as exc:
            data = None
            wrong.append(f"{option_name('--artwork')}: {artwork} cannot be read: {exc.strerror or exc}")
            refused.add("artwork")
        mime = sniff_image(data) if data is not None else None
        if data is not None and mime is None:
            wrong.append(f"{option_name('--artwork')}: {artwork} is not a JPEG or PNG image")
            refused.add("artwork")
        elif mime is not None:
            notes += [f"Note: the artwork {message}" for message in artwork_rules.check(data)[1]]
            given["artwork"] = (data, mime)
    if chapters is not None:
        try:
            text = chapters.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            wrong.append(f"{option_name('--chapters')}: {chapters} cannot be read as UTF-8 text ({exc})")
            refused.add("chapters")
        else:
            parsed, bad = episode_tags.parse_chapters(text, chapters.as_posix(), audio.duration)
            wrong += [str(p) for p in bad]
            refused |= {"chapters"} if bad else set()
            if not bad:
                given["chapters"] = parsed

    report, missing = [], []
    for label, tag, option in EPISODE_TAGS:
        current = {"artwork": audio.artwork, "chapters": audio.chapters}.get(label) if tag is None else audio.tag(tag)
        if label in refused:
            report.append(f"  {label}: cannot be used (see below)")
        elif label in given:
            value = given[label]
            shown_value = (f"{len(value)} chapters" if label == "chapters" else
                           "image given" if label == "artwork" else value)
            report.append(f"  {label}: {shown_value} (given)")
        elif current:
            shown_value = (f"{len(current)} chapters" if label == "chapters" else
                           "embedded image" if label == "artwork" else current)
            report.append(f"  {label}: {shown_value}")
        else:
            need = "required" if label in REQUIRED_TAGS else "optional"
            report.append(f"  {label}: MISSING ({need}; give {option_name(option)})")
            if label in REQUIRED_TAGS:
                missing.append(option_name(option))
    report = [f"Tags of {shown}:"] + report + notes
    if missing or wrong:
        advice = [f"Nothing was written (no tag, no file)."] + wrong
        if missing:
            advice.append(f"Give {', '.join(missing)} to write the missing tags, for example "
                          + " ".join(option_example(o) for o in ("--title", "--date", "--description")
                                     if option_name(o) in missing))
        raise ScaffoldError("\n".join(report + advice))
    if given and audio.format != "mp3":
        raise ScaffoldError("\n".join(report) + f"\nNothing was written: writing tags is supported for MP3 files; "
                            f"this is {audio.format.upper()}: tag it in your audio editor, or run without the "
                            "values and set title, date, description, series and episode in the sidecar")
    report = [line.replace(" (given)", " (written)") for line in report]

    episode_title = str(given.get("title") or audio.tag("title"))
    slug = slug_for(episode_title)
    suffix = audio_path.suffix.lower()
    target = root / folder / f"{slug}{suffix}"
    same = target.exists() and target.resolve() == audio_path.resolve()
    if target.exists() and not same:
        raise ScaffoldError(f"{folder}/{target.name} already exists; this episode's slug ({slug}) comes "
                            f"from its title: give another {option_name('--title')}, or edit the existing episode")
    artists = audio.tags.get("artist") or []
    persons = "\n".join(f"  - name: {yaml_text(name)}\n    role: {'host' if i == 0 else 'guest'}"
                        for i, name in enumerate(artists)) or "  - name: \"TODO: the host's name\"\n    role: host"
    sidecar_text = EPISODE_SIDECAR.format(audio=target.name, persons=persons,
                                          speaker=clean_text(artists[0]) if artists else "TODO Host")
    yaml.safe_load(sidecar_text.split("---\n")[1])
    def write_tags(path: Path) -> None:
        if given:
            episode_tags.write_mp3(path, duration=audio.duration, title=given.get("title"),
                                   date=given.get("date"), description=given.get("description"),
                                   series=given.get("series"), number=given.get("episode number"),
                                   season=given.get("season"),
                                   artwork=given.get("artwork"), chapters=given.get("chapters"))

    display = write_new(root / folder / f"{slug}.md", sidecar_text, root)
    try:
        if same:
            write_tags(target)
        else:  # tag a copy, then put it in place: never a half-written episode in the folder
            partial = target.with_name(f".{target.name}.partial")
            shutil.copyfile(audio_path, partial)
            write_tags(partial)
            partial.replace(target)
    except Exception:
        (root / folder / f"{slug}.md").unlink(missing_ok=True)
        if not same:
            target.with_name(f".{target.name}.partial").unlink(missing_ok=True)
        raise
    return EpisodeDraft(report, Created(root / folder / f"{slug}.md", display,
                                        f"Added {folder}/{target.name} and its sidecar {display}: write the "
                                        "show notes and the transcript there in place of each TODO, then run `make check`. "
                                        "Delete 'draft: true' to publish it."))
