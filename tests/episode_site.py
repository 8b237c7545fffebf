"""The fixture portal for the episode page tests: tests/fixtures/episodes_site (pages and text
interviews) plus a podcasts/ folder made in Python (silent MP3s tagged with mutagen) or copied from
tests/fixtures/audio. Shared by the build tests and the browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES
from podcast_factory import add_episode, copy_fixture, podcast_folder

SITE = FIXTURES / "episodes_site"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
SITE_URL = "https://example.org/cln/"

TALK = """\
---
title: "Talking <b>maternity</b> & choice"
season: 1
episode: 3
persons:
  - name: Joanna Reid
    role: host
  - name: Dr Amira Hassan
    role: guest
interviewee:
  name: Dr Amira Hassan
  role: consultant midwife
  organisation: NHS London
related: [evaluating-the-network]
---

Show notes with *emphasis*.

## Transcript

[00:00:00] **Joanna Reid:** Welcome to the <fixture> podcast & more.

[00:00:02] **Dr Amira Hassan:** Thank you, Joanna.

[00:00:03.500] Choice matters to women, and the word "choice" is in our plan.
"""

VTT = """\
WEBVTT

00:00:00.000 --> 00:00:03.000
<v Priya Shah>The competency framework, in eight seconds.

00:00:03.000 --> 00:00:06.000
<v Priya Shah>Conflict management &amp; innovation.

00:00:06.000 --> 00:00:08.000
<v Sam Patel>Where to find case studies.
"""


def make_project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "project"
    shutil.copytree(SITE, project)
    edit(project / "mkdocs.yml", "  - Interviews:", "  - Podcast: podcast/index.md\n  - Interviews:")
    folder = podcast_folder(project / "podcasts")
    add_episode(folder, "talk-one", frames=200, sidecar=TALK, album="Interviews")  # 5.2 s
    copy_fixture("ffmpeg-chapters.mp3", folder, "brief-vtt")  # Key information, 3 chapters, 8.3 s
    (folder / "brief-vtt.vtt").write_text(VTT, encoding="utf-8")
    add_episode(folder, "music-break", album="Key information",
                sidecar='---\ntranscript_exempt: "music only, no speech"\n---\n\nA musical interlude.\n')
    add_episode(folder, "untimed", album="Key information", date="2009-03-01",
                sidecar="---\n---\n\n## Transcript\n\n**Priya Shah:** A transcript without times.\n")
    edit(project / "content" / "interviews" / "commissioning-maternity.md",
          "related: [evaluating-the-network]", "related: [evaluating-the-network]\nepisode: talk-one")
    return project, folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


