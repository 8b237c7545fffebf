"""The episode model: tags merged with the sidecar, the show settings, and every content error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cln_portal import podcast
from cln_portal.podcast import artwork
from podcast_factory import SHOW, add_episode, copy_fixture, jpeg_header, png, podcast_folder

SITE = "https://example.org/portal/"
TODAY = dt.date(2026, 11, 27)


def load(root: Path, **options):
    options.setdefault("site_url", SITE)
    options.setdefault("today", TODAY)
    return podcast.load(root, podcast.Options(**options))


def errors(result) -> list[str]:
    return [str(p) for p in result.problems if p.severity == "error"]


def only(result):
    assert errors(result) == []
    (episode,) = result.episodes
    return episode


@pytest.fixture
def folder(tmp_path) -> Path:
    return podcast_folder(tmp_path / "podcasts")


def test_load_unpacks_to_show_episodes_problems(folder):
    add_episode(folder, "one")
    show, episodes, problems = load(folder.parent)
    assert show.title == "Test podcast" and [e.slug for e in episodes] == ["one"] and problems == []


def test_no_podcasts_folder_means_no_podcast(tmp_path):
    result = load(tmp_path)
    assert (result.show, result.episodes, result.problems) == (None, [], [])


def test_tags_give_every_field(folder):
    add_episode(folder, "one", title="Leading change", comment="What changed.", date="2009-03-05",
                album="Key information", artist="Dr A; Dr B", track="3", disc="2", genre="Podcast")
    ep = only(load(folder.parent))
    assert (ep.title, ep.description, ep.date) == ("Leading change", "What changed.", dt.date(2009, 3, 5))
    assert ep.series.slug == "key-information" and ep.series.title == "Key information"
    assert (ep.number, ep.season, ep.genre) == (3, 2, "Podcast")
    assert [(p.name, p.role) for p in ep.persons] == [("Dr A", None), ("Dr B", None)]
    assert (ep.url, ep.link) == ("podcast/one/", SITE + "podcast/one/")
    assert ep.enclosure_url == SITE + "podcast/one/one.mp3" and ep.audio_url == "podcast/one/one.mp3"
    assert (ep.episode_type, ep.explicit, ep.draft, ep.status) == ("full", False, False, "published")
    assert ep.duration == 1 and ep.audio.mime == "audio/mpeg"


def test_the_sidecar_overrides_every_field_and_carries_notes_and_transcript(folder):
    add_episode(folder, "one", sidecar="""\
        ---
        title: Sidecar title
        description: Sidecar description.
        date: 2010-01-02
        series: key information
        season: 4
        episode: 7
        explicit: true
        episode_type: bonus
        guid: my-own-guid
        persons:
          - name: Joanna Reid
            role: host
          - Dr Helen Marsh (guest)
        related: [some-case-study]
        transcript_exempt: music only
        artwork: cover.png
        ---

        Show notes with **Markdown**.

        ## Transcript

        [00:00:01] **Joanna Reid:** Hello.

        ## Links

        More notes.
        """)
    (folder / "cover.png").write_bytes(png(1400, 1400))
    ep = only(load(folder.parent))
    assert (ep.title, ep.description, ep.date) == ("Sidecar title", "Sidecar description.", dt.date(2010, 1, 2))
    assert ep.series.title == "Key information"
    assert (ep.season, ep.number, ep.explicit, ep.episode_type) == (4, 7, True, "bonus")
    assert ep.guid == "my-own-guid"
    assert [(p.name, p.role, p.group) for p in ep.persons] == [
        ("Joanna Reid", "host", "cast"), ("Dr Helen Marsh", "guest", "cast")]
    assert ep.related == ["some-case-study"] and ep.transcript_exempt == "music only"
    assert ep.artwork.data == png(1400, 1400) and ep.image_url.endswith(".png")
    assert ep.show_notes == "Show notes with **Markdown**.\n\n## Links\n\nMore notes.\n"
    assert ep.transcript_markdown.strip() == "[00:00:01] **Joanna Reid:** Hello."
    assert "## Transcript" in ep.body
    assert ep.sidecar == "podcasts/one.md"
    lines = (folder / "one.md").read_text().split("\n")
    assert lines[ep.transcript_line - 2] == "## Transcript"  # the section starts below its heading


def test_a_transcript_file_beside_the_audio_is_found(folder):
    add_episode(folder, "one")
    (folder / "one.vtt").write_text("WEBVTT\n", encoding="utf-8")
    assert only(load(folder.parent)).transcript_path == folder / "one.vtt"


def test_every_fixture_is_read_as_an_episode(folder):
    names = ["lame-id3v23.mp3", "ffmpeg-chapters.mp3", "ffmpeg-chapters.m4a", "ffmpeg-chapters.opus",
             "ffmpeg-chapters.ogg", "ffmpeg.flac", "eyed3-utf16.mp3"]
    for i, name in enumerate(names):
        copy_fixture(name, folder, f"e{i}")
    (folder / "e0.md").write_text("---\ndate: 2009-05-01\n---\n", encoding="utf-8")
    (folder / "e6.md").write_text("---\ndate: 2009-06-01\n---\n", encoding="utf-8")
    # e1 to e5 are one recording in five formats, tagged as the same episode of one series: each
    # gets a number of its own, as two episodes of a series sharing one is an error.
    for i in range(2, 6):
        (folder / f"e{i}.md").write_text(f"---\nepisode: {10 + i}\n---\n", encoding="utf-8")
    result = load(folder.parent)
    assert errors(result) == []
    warned = sorted(p.path for p in result.problems if p.severity == "warning")
    assert warned == ["podcasts/e3.opus", "podcasts/e4.ogg", "podcasts/e5.flac"]
    eps = {e.slug: e for e in result.episodes}
    assert eps["e0"].title == "Leading maternity change in London" and eps["e0"].number == 2
    assert eps["e6"].title == "Évaluer le réseau — a café chat" and eps["e6"].number == 5
    assert all(eps[f"e{i}"].series.title == "Key information" for i in range(1, 6))
    assert [len(eps[f"e{i}"].chapters) for i in range(7)] == [0, 3, 3, 3, 0, 0, 0]
    assert eps["e0"].artwork.mime == "image/jpeg" and eps["e6"].artwork.mime == "image/png"


def test_eyed3_file_without_a_date_is_an_error_naming_the_file(folder):
    copy_fixture("eyed3-utf16.mp3", folder, "cafe-chat")
    found = errors(load(folder.parent))
    assert len(found) == 1
    assert found[0].startswith("podcasts/cafe-chat.mp3: date: has no publication date")
    assert "podcasts/cafe-chat.md" in found[0]


def test_a_year_only_date_tag_asks_for_the_full_date(folder):
    copy_fixture("lame-id3v23.mp3", folder, "maternity")
    (found,) = errors(load(folder.parent))
    assert found.startswith("podcasts/maternity.mp3: date:") and "'2009'" in found


def test_ogg_opus_flac_are_a_warning_unless_allowed(folder):
    copy_fixture("ffmpeg-chapters.opus", folder, "briefing")
    (warning,) = load(folder.parent).problems
    assert warning.severity == "warning" and warning.path == "podcasts/briefing.opus"
    assert "Apple Podcasts lists only MP3, M4A and MP4" in warning.message
    assert load(folder.parent, allow_non_apple_formats=True).problems == []


@pytest.mark.parametrize("tags, sidecar, expected", [
    ({"title": None}, None, "podcasts/e.mp3: title: has no title"),
    ({"comment": None}, None, "podcasts/e.mp3: description: has no description"),
    ({"album": "Intervews"}, None, "podcasts/e.mp3: series: 'Intervews' is not a series of the show; "
                                    "did you mean 'Interviews'?"),
    ({"date": "16/02/2009"}, None, "podcasts/e.mp3: date: the date tag '0016-02-2009' is not a date"),
    ({"track": "two"}, None, "podcasts/e.mp3: episode: 'two' is not a episode number"),
    ({}, "---\ndate: 2009-02-30\n---\n", "podcasts/e.md:2: date: '2009-02-30' is not a real date"),
    ({}, "---\ndraft: maybe\n---\n", "podcasts/e.md:2: draft: must be true or false"),
    ({}, "---\nepisode_type: special\n---\n", "podcasts/e.md:2: episode_type: 'special' is not an episode type"),
    ({}, "---\ntilte: x\n---\n", "podcasts/e.md:2: tilte: unknown field; did you mean 'title'?"),
    ({}, "---\npersons:\n  - name: A\n    role: star\n---\n", "podcasts/e.md: persons: 'star' is not a podcast person role"),
    ({}, "---\ntitle: [a\n---\n", "podcasts/e.md:3: front matter is not valid YAML"),
    ({}, "---\nseries: Nope\n---\n", "podcasts/e.md:2: series: 'Nope' is not a series of the show"),
    ({}, "---\nartwork: missing.png\n---\n", "podcasts/e.md:2: artwork: missing.png does not exist"),
])
def test_each_content_error_is_one_line_naming_file_and_field(folder, tags, sidecar, expected):
    add_episode(folder, "e", sidecar=sidecar, **tags)
    found = errors(load(folder.parent))
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


@pytest.mark.parametrize("files, expected", [
    (["e.mp3", "e.m4a"], "podcasts/e.mp3: slug: duplicate slug 'e'"),
    (["Bad Name.mp3"], "podcasts/Bad Name.mp3: slug: the file name 'Bad Name' is not a slug"),
    (["e.mp3", "orphan.md"], "podcasts/orphan.md: is a sidecar without an audio file"),
    (["e.mp3", "sub/hidden.mp3"], "podcasts/sub/hidden.mp3: is in a subfolder"),
])
def test_files_that_fit_nowhere_are_errors(folder, files, expected):
    for name in files:
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        if name.endswith(".mp3"):
            add_episode(path.parent, path.stem)
        elif name.endswith(".m4a"):
            copy_fixture("ffmpeg-chapters.m4a", folder, path.stem)
        else:
            path.write_text("text\n", encoding="utf-8")
    found = errors(load(folder.parent))
    assert any(line.startswith(expected) for line in found), found


def test_drafts_and_future_episodes_are_held_back(folder):
    add_episode(folder, "live", date="2026-11-27")
    add_episode(folder, "draft", sidecar="---\ndraft: true\n---\n")
    add_episode(folder, "later", date="2026-11-28")
    result = load(folder.parent)
    assert errors(result) == []
    assert [e.slug for e in result.published] == ["live"]
    assert {e.slug: e.status for e in result.held_back} == {"draft": "draft", "later": "future"}


def test_published_episodes_are_newest_first(folder):
    add_episode(folder, "a", date="2009-01-01")
    add_episode(folder, "b", date="2009-03-01")
    add_episode(folder, "c", date="2009-02-01")
    assert [e.slug for e in load(folder.parent).published] == ["b", "c", "a"]


def test_missing_site_url_and_bad_media_base_url(folder):
    add_episode(folder, "e")
    found = errors(load(folder.parent, site_url="", media_base_url="cdn.example.org"))
    assert any(f.startswith("mkdocs.yml: site_url:") for f in found)
    assert any(f.startswith("mkdocs.yml: podcast.media_base_url:") for f in found)


def test_media_base_url_moves_only_the_enclosure(folder):
    add_episode(folder, "e")
    ep = only(load(folder.parent, media_base_url="https://cdn.example.org/cln/"))
    assert ep.enclosure_url == "https://cdn.example.org/cln/e.mp3" and ep.audio_url is None


# --- show settings --------------------------------------------------------------------------------

@pytest.mark.parametrize("change, expected", [
    (("  - Health & Fitness > Medicine", "  - Health and Fitness"),
     "podcasts/show.yml: categories: 'Health and Fitness' is not an Apple Podcasts category; did you mean 'Health & Fitness'?"),
    (("  - Health & Fitness > Medicine", "  - Health & Fitness > Surgery"),
     "podcasts/show.yml: categories: 'Surgery' is not a subcategory of 'Health & Fitness'"),
    (("  email: owner@example.org", "  email: nobody"), "podcasts/show.yml: owner.email: 'nobody' is not an email"),
    (("title: Test podcast\n", ""), "podcasts/show.yml: title: is required"),
    (("artwork: show.png", "artwork: nothere.png"), "podcasts/show.yml: artwork: podcasts/nothere.png does not exist"),
    (("artwork: show.png", "artwork: small.png"), "podcasts/show.yml: artwork: podcasts/small.png is 1000x1000 pixels"),
    (("    artwork: series.png\n  - title: Key", "    artwork: wide.png\n  - title: Key"),
     "podcasts/show.yml: series[1].artwork: podcasts/wide.png is 1600x1400 pixels; podcast artwork must be square"),
    (("language: en-GB", "language: English"),
     "podcasts/show.yml: language: 'English' is not a language code"),
    (("author: Test author", "autor: Test author"), "podcasts/show.yml: autor: unknown setting; did you mean 'author'?"),
])
def test_show_settings_errors(tmp_path, change, expected):
    folder = podcast_folder(tmp_path / "podcasts", SHOW.replace(*change))
    (folder / "small.png").write_bytes(png(1000, 1000))
    (folder / "wide.png").write_bytes(png(1600, 1400))
    add_episode(folder, "e")
    found = errors(load(folder.parent))
    assert any(line.startswith(expected) for line in found), found


def test_an_episode_of_an_unknown_series_names_the_known_ones(folder):
    add_episode(folder, "e", album="Columns")
    (found,) = errors(load(folder.parent))
    assert "series in podcasts/show.yml: Interviews, Key information" in found


def test_a_missing_show_file_is_an_error(tmp_path):
    (tmp_path / "podcasts").mkdir()
    add_episode(tmp_path / "podcasts", "e")
    assert any(e.startswith("podcasts/show.yml: is missing") for e in errors(load(tmp_path)))


# --- artwork rules --------------------------------------------------------------------------------

@pytest.mark.parametrize("data, problem", [
    (png(1400, 1400), None),
    (png(3000, 3000), None),
    (jpeg_header(2000, 2000), None),
    (png(1399, 1399), "1399x1399 pixels; Apple Podcasts needs 1400x1400 to 3000x3000"),
    (png(3001, 3001), "3001x3001 pixels"),
    (png(1400, 1500), "must be square"),
    (png(1400, 1400, colour_type=6), "RGBA colour space; save it as RGB without transparency"),
    (png(1400, 1400, colour_type=0), "greyscale"),
    (jpeg_header(1400, 1400, components=4), "CMYK"),
    (b"GIF89a....", "is not a JPEG or PNG image"),
])
def test_artwork_rules_from_headers(data, problem):
    _, wrong = artwork.check(data)
    if problem is None:
        assert wrong == []
    else:
        assert any(problem in w for w in wrong), wrong


def test_wrong_episode_artwork_is_a_warning_and_a_non_image_is_dropped(folder):
    add_episode(folder, "small", sidecar="---\nartwork: small.png\n---\n")
    add_episode(folder, "gif", sidecar="---\nartwork: art.jpg\n---\n")
    (folder / "small.png").write_bytes(png(600, 600))
    (folder / "art.jpg").write_bytes(b"GIF89a not an image we take")
    result = load(folder.parent)
    assert errors(result) == []
    warnings = sorted(str(p) for p in result.problems)
    assert warnings[0].startswith("podcasts/gif.md:2: artwork: the artwork is not a JPEG or PNG")
    assert warnings[1].startswith("podcasts/small.md:2: artwork: the artwork is 600x600 pixels")
    eps = {e.slug: e for e in result.episodes}
    assert eps["gif"].artwork is None and eps["small"].artwork is not None


def test_audio_in_another_format_is_an_error_and_other_files_are_left_alone(folder):
    add_episode(folder, "e")
    (folder / "interview.wav").write_bytes(b"RIFF....WAVE")
    (folder / "notes.txt").write_text("working notes\n", encoding="utf-8")
    (problem,) = load(folder.parent).problems
    assert problem.severity == "error"
    assert str(problem).startswith("podcasts/interview.wav: is audio in a format podcast apps do not")
    assert "export it as MP3 or M4A" in problem.message


def test_make_check_reports_podcast_problems_and_catalogues_episodes(tmp_path):
    from cln_portal.commands import check

    folder = podcast_folder(tmp_path / "podcasts")
    add_episode(folder, "good", sidecar="---\nrelated: [no-such-thing]\n---\n\n## Transcript\n\n**Host:** Hello.\n")
    add_episode(folder, "untitled", title=None)
    (tmp_path / "content").mkdir()
    project = check.Project(root=tmp_path, options={"podcast": {"dir": "podcasts"}}, docs_dir=tmp_path / "content",
                            site_url=SITE)
    result = check.run(project)
    messages = [str(p) for p in result.errors]
    assert any(m.startswith("podcasts/untitled.mp3: title: has no title") for m in messages)
    assert any(m.startswith("podcasts/good.md: related: 'no-such-thing'") for m in messages)
    assert project.catalogue.entries["good"].kind == "episode"
