"""Episode pages, the podcast home, transcript files in the site and the feed, the transcript rule,
interviews from the podcast, and links both ways: a fixture site built with --strict.

The fixture (tests/fixtures/episodes_site) has pages and text interviews; each test adds a
podcasts/ folder made in Python (silent MP3s tagged with mutagen) or copied from tests/fixtures/audio.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from cln_portal.podcast import transcripts as tr
from conftest import FIXTURES, indexed_pages, run_build
from episode_site import PODCAST_NS, SITE_URL, TALK, VTT, make_project
from episode_site import edit as _edit
from podcast_factory import add_episode, seconds

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("episodes")
    project, _ = make_project(tmp)
    out = tmp / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


def article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"): html.index("</article>")]


def page(site: Path, slug: str) -> str:
    return article(site / "podcast" / slug / "index.html")


# --- the episode page ----------------------------------------------------------------------------

def test_every_published_episode_has_a_page_outside_the_nav(site):
    for slug in ("talk-one", "brief-vtt", "music-break", "untimed"):
        assert (site / "podcast" / slug / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary'):]
    assert "talk-one" not in nav and "brief-vtt" not in nav


def test_the_episode_page_shows_every_fact(site):
    html = page(site, "talk-one")
    assert "<h1>Talking &lt;b&gt;maternity&lt;/b&gt; &amp; choice</h1>" in html
    assert '<time datetime="2009-02-16">16 February 2009</time>' in html
    assert '<a href="../#series-interviews">Interviews</a>, season 1, episode 3' in html
    assert "<li>Joanna Reid, host</li><li>Dr Amira Hassan, guest</li>" in html
    assert f'<time datetime="PT5S">5 seconds</time>' in html
    assert "<p>Show notes with <em>emphasis</em>.</p>" in html
    full = (site / "podcast" / "talk-one" / "index.html").read_text(encoding="utf-8")
    header = full[full.index("<header"):full.index("</header>")]
    assert "<b>maternity" not in header  # the title is escaped in Material's header too


def test_the_player_plays_the_real_file_with_its_real_type(site):
    html = page(site, "brief-vtt")
    src = re.search(r'<source src="([^"]+)" type="([^"]+)">', html)
    assert src.groups() == ("brief-vtt.mp3", "audio/mpeg")
    assert (site / "podcast" / "brief-vtt" / "brief-vtt.mp3").is_file()
    assert re.search(r'<audio controls preload="none" id="cln-player" aria-label="Listen to Key information: the competency framework">', html)
    size = (site / "podcast" / "brief-vtt" / "brief-vtt.mp3").stat().st_size
    assert size == (FIXTURES / "audio" / "ffmpeg-chapters.mp3").stat().st_size == 33831
    assert "Download the episode (MP3, 34 KB)" in html


def test_chapters_are_links_that_seek(site):
    html = page(site, "brief-vtt")
    chapters = re.findall(r'<li><a class="cln-seek" href="([^"]+)" data-seek="([^"]+)"[^>]*><time[^>]*>([^<]+)</time></a> ([^<]+)</li>', html)
    assert chapters == [("brief-vtt.mp3#t=0", "0", "0:00", "Introduction"),
                        ("brief-vtt.mp3#t=3", "3", "0:03", "Conflict management &amp; innovation"),
                        ("brief-vtt.mp3#t=6", "6", "0:06", "Where to find case studies")]


def test_the_page_script_and_styles_are_served_locally(site):
    full = (site / "podcast" / "talk-one" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/cln/podcast.js"' in full
    assert (site / "assets" / "cln" / "podcast.js").is_file()
    assert (site / "assets" / "cln" / "podcast.css").is_file()


# --- transcripts in the site and the feed --------------------------------------------------------

def test_markdown_transcript_on_the_page_and_beside_the_episode(site):
    html = page(site, "talk-one")
    assert "Welcome to the &lt;fixture&gt; podcast &amp; more." in html
    assert '<a class="cln-seek" href="talk-one.mp3#t=3.5" data-seek="3.5"' in html
    folder = site / "podcast" / "talk-one"
    vtt, problems = tr.parse_vtt((folder / "transcript.vtt").read_text(encoding="utf-8"), "x.vtt")
    assert not problems
    assert [(c.speaker, c.start) for c in vtt.cues] == [("Joanna Reid", 0), ("Dr Amira Hassan", 2),
                                                        ("Dr Amira Hassan", 3.5)]
    assert vtt.cues[-1].end == pytest.approx(seconds(200), abs=0.001)  # the last cue ends with the audio
    srt, problems = tr.parse_srt((folder / "transcript.srt").read_text(encoding="utf-8"), "x.srt")
    assert not problems and [c.text for c in srt.cues] == [c.text for c in vtt.cues]
    data = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))
    assert data["version"] == "1.0.0" and data["segments"][1]["speaker"] == "Dr Amira Hassan"
    standalone = (folder / "transcript.html").read_text(encoding="utf-8")
    assert '<html lang="en-gb">' in standalone and "<cite>Joanna Reid:</cite>" in standalone
    assert '<a href="./">Listen to the episode</a>' in standalone
    assert '<a href="../../accessibility/">Accessibility statement</a>' in standalone


def test_a_vtt_file_gives_the_same_page_html_as_markdown_would(site):
    html = page(site, "brief-vtt")
    markdown = ("[00:00:00] **Priya Shah:** The competency framework, in eight seconds.\n\n"
                "[00:00:03] **Priya Shah:** Conflict management & innovation.\n\n"
                "[00:00:06] **Sam Patel:** Where to find case studies.\n")
    expected, problems = tr.parse_markdown(markdown, "x.md")
    assert not problems
    assert tr.to_html(expected, "brief-vtt.mp3") in html


def test_untimed_and_exempt_transcripts(site):
    untimed = site / "podcast" / "untimed"
    assert (untimed / "transcript.html").is_file()
    assert not any((untimed / f"transcript.{ext}").exists() for ext in ("vtt", "srt", "json"))
    assert "A transcript without times." in page(site, "untimed")
    exempt = page(site, "music-break")
    assert "This episode has no transcript: music only, no speech" in exempt
    assert not list((site / "podcast" / "music-break").glob("transcript.*"))


def _feed_transcripts(site: Path, feed: str) -> dict[str, list[tuple[str, str]]]:
    root = etree.parse(str(site / feed))
    found = {}
    for item in root.iter("item"):
        link = item.findtext("link")
        found[link] = [(t.get("url"), t.get("type")) for t in item.iter(f"{{{PODCAST_NS}}}transcript")]
    return found


def test_the_feeds_list_each_transcript_with_its_type_and_every_url_resolves(site):
    for feed in ("podcast/feed.xml", "podcast/interviews/feed.xml"):
        items = _feed_transcripts(site, feed)
        talk = items[SITE_URL + "podcast/talk-one/"]
        assert sorted(mime for _, mime in talk) == ["application/json", "application/x-subrip", "text/html", "text/vtt"]
        for url, _ in talk:
            assert url.startswith(SITE_URL)
            assert (site / url[len(SITE_URL):]).is_file()
    items = _feed_transcripts(site, "podcast/feed.xml")
    assert [m for _, m in items[SITE_URL + "podcast/untimed/"]] == ["text/html"]
    assert items[SITE_URL + "podcast/music-break/"] == []


# --- the podcast home, interviews and related content --------------------------------------------

def test_the_podcast_home_is_a_nav_tab_with_feeds_series_and_every_episode(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = home[home.index('class="md-tabs"'):]
    assert re.search(r'href="podcast/"[^>]*>\s*Podcast', tabs)
    html = article(site / "podcast" / "index.html")
    for url in ("podcast/feed.xml", "podcast/interviews/feed.xml", "podcast/key-information/feed.xml"):
        assert f">{SITE_URL}{url}</code>" in html
    assert html.count('class="md-button cln-copy"') == 3
    for slug in ("talk-one", "brief-vtt", "music-break", "untimed"):
        assert f'href="{slug}/"' in html
    assert 'id="series-interviews"' in html and 'id="series-key-information"' in html


def test_interviews_index_lists_the_interview_episodes_with_who(site):
    html = article(site / "interviews" / "index.html")
    # talk-one has a text interview (commissioning-maternity), so it is listed once, by that page,
    # with a link to listen.
    assert html.count("../podcast/talk-one/") == 1
    assert 'Written interview, also on the podcast: <a href="../podcast/talk-one/">Talking &lt;b&gt;maternity&lt;/b&gt; &amp; choice</a>' in html


def test_an_interview_page_and_its_episode_link_both_ways(site):
    interview = article(site / "interviews" / "commissioning-maternity" / "index.html")
    assert '<dt>Listen</dt>\n<dd><a href="../../podcast/talk-one/">' in interview
    episode = page(site, "talk-one")
    assert '## Read the interview' not in episode and 'id="read-the-interview"' in episode
    assert '<a href="../../interviews/commissioning-maternity/">' in episode


def test_related_content_links_both_ways(site):
    episode = page(site, "talk-one")
    assert '<a href="../../interviews/evaluating-the-network/">Evaluating the network</a>' in episode
    named = article(site / "interviews" / "evaluating-the-network" / "index.html")
    assert '<a href="../../podcast/talk-one/">Talking &lt;b&gt;maternity&lt;/b&gt; &amp; choice</a>' in named


def test_an_audio_only_interview_is_listed_with_name_role_and_organisation(tmp_path):
    project, folder = make_project(tmp_path)
    _edit(project / "content" / "interviews" / "commissioning-maternity.md", "\nepisode: talk-one", "")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = article(tmp_path / "site" / "interviews" / "index.html")
    assert '<a href="../podcast/talk-one/">Talking &lt;b&gt;maternity&lt;/b&gt; &amp; choice</a>' in html
    assert "<strong>Dr Amira Hassan</strong>, consultant midwife, NHS London" in html
    assert "Podcast episode, with a transcript." in html and "Listen, with" not in html


# --- search --------------------------------------------------------------------------------------

def test_the_transcript_is_indexed_with_its_episode_below_the_page_own_words(site):
    page = indexed_pages(site)["/podcast/talk-one/"]
    assert "Thank you, Joanna." in page["content"]
    assert page["meta"]["type"] == "Podcast episode"
    html = (site / "podcast" / "talk-one" / "index.html").read_text(encoding="utf-8")
    assert '<div class="cln-transcript" data-pagefind-weight="0.5">' in html
    # The standalone transcript file (for podcast apps) repeats the page: not indexed twice.
    assert not [url for url in indexed_pages(site) if url.endswith("transcript.html")]


# --- the transcript rule and transcript errors ---------------------------------------------------

def failing(tmp_path: Path, edit, strict: bool = True) -> str:
    project, folder = make_project(tmp_path)
    edit(project, folder)
    out = tmp_path / "site"
    result = run_build(project, out, strict=strict)
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "index.html").exists()
    assert not (out / "podcast" / "feed.xml").exists()
    return result.stderr


def test_an_episode_without_a_transcript_fails_the_strict_build(tmp_path):
    stderr = failing(tmp_path, lambda p, f: add_episode(f, "no-words", album="Key information", sidecar=None))
    assert ("podcasts/no-words.mp3: transcript: has no transcript, which WCAG 2.2 (1.2.1) requires for "
            "recorded audio: write it under '## Transcript' in podcasts/no-words.md, or put "
            "podcasts/no-words.vtt (or .srt) beside the audio; if it cannot have one, say why in "
            "podcasts/no-words.md: transcript_exempt: \"the reason\"") in stderr


def test_without_strict_a_missing_transcript_is_a_warning(tmp_path):
    project, folder = make_project(tmp_path)
    _edit(project / "mkdocs.yml", "strict: true", "strict: false")
    add_episode(folder, "no-words", album="Key information", sidecar=None)
    result = run_build(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr and "podcasts/no-words.mp3: transcript: has no transcript" in result.stderr
    assert (tmp_path / "site" / "podcast" / "no-words" / "index.html").is_file()


def test_a_bad_timestamp_names_the_sidecar_and_its_line(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(f / "talk-one.md", "[00:00:02]", "[00:00:62]"))
    line = TALK.splitlines().index("[00:00:02] **Dr Amira Hassan:** Thank you, Joanna.") + 1
    assert (f"podcasts/talk-one.md:{line}: [00:00:62] is not a timestamp; write [hh:mm:ss], for "
            "example [00:01:23]") in stderr


def test_a_timestamp_after_the_end_of_the_audio_is_an_error(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(f / "talk-one.md", "[00:00:03.500]", "[00:01:00]"))
    assert "podcasts/talk-one.md:25: timestamp 1:00 is at or after the end of the audio (0:05)" in stderr


def test_cues_out_of_order_in_a_vtt_file_name_the_file_and_line(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(f / "brief-vtt.vtt", "00:00:06.000 --> 00:00:08.000",
                                                  "00:00:01.000 --> 00:00:08.000"))
    assert ("podcasts/brief-vtt.vtt:9: the cue at 00:00:01.000 comes after one that starts later "
            "(00:00:03.000, line 6); cues must be in time order") in stderr


def test_a_transcript_in_the_sidecar_and_a_file_is_one_too_many(tmp_path):
    stderr = failing(tmp_path, lambda p, f: (f / "talk-one.vtt").write_text(VTT, encoding="utf-8"))
    assert ("podcasts/talk-one.md: transcript: has a '## Transcript' section and the episode also has "
            "podcasts/talk-one.vtt; keep one of the two") in stderr


def test_an_empty_transcript_section_is_an_error(tmp_path):
    stderr = failing(tmp_path, lambda p, f: (f / "untimed.md").write_text("---\n---\n\n## Transcript\n\n", encoding="utf-8"))
    assert "podcasts/untimed.md:4: the transcript section is empty" in stderr


def test_an_unknown_related_slug_on_an_episode_fails_naming_the_sidecar(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(f / "talk-one.md", "related: [evaluating-the-network]",
                                                  "related: [evaluating-the-netwrk]"))
    assert "podcasts/talk-one.md: related: 'evaluating-the-netwrk' is not the slug of any" in stderr
    assert "did you mean 'evaluating-the-network'?" in stderr


def test_an_interview_episode_without_interviewee_is_listed_by_its_guests(tmp_path):
    project, folder = make_project(tmp_path)
    _edit(folder / "talk-one.md", "interviewee:\n  name: Dr Amira Hassan\n  role: consultant midwife\n  organisation: NHS London\n", "")
    _edit(project / "content" / "interviews" / "commissioning-maternity.md", "\nepisode: talk-one", "")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = article(tmp_path / "site" / "interviews" / "index.html")
    assert '<p class="cln-who"><strong>Dr Amira Hassan</strong></p>' in html


def test_a_wrong_interviewee_is_an_error(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(f / "talk-one.md", "  organisation: NHS London", "  organization: NHS London"))
    assert ("podcasts/talk-one.md:10: interviewee: unknown field 'organization'; did you mean 'organisation'?") in stderr


def test_a_text_interview_naming_an_unknown_episode_fails(tmp_path):
    stderr = failing(tmp_path, lambda p, f: _edit(p / "content" / "interviews" / "commissioning-maternity.md",
                                                  "episode: talk-one", "episode: talk-on"))
    assert ("content/interviews/commissioning-maternity.md: episode: 'talk-on' is not the slug of any "
            "episode; did you mean 'talk-one'?") in stderr


def test_make_check_reports_transcript_problems_without_building(tmp_path):
    import subprocess
    import sys

    from conftest import build_env

    project, folder = make_project(tmp_path)
    add_episode(folder, "no-words", album="Key information", sidecar=None)
    _edit(folder / "talk-one.md", "[00:00:02]", "[00:00:62]")
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "podcasts/no-words.mp3: transcript: has no transcript, which WCAG 2.2 (1.2.1) requires" in result.stdout
    line = TALK.splitlines().index("[00:00:02] **Dr Amira Hassan:** Thank you, Joanna.") + 1
    assert f"podcasts/talk-one.md:{line}: [00:00:62] is not a timestamp" in result.stdout
    assert not (project / "site").exists()


def test_podcast_pages_announce_their_feeds_to_apps_and_browsers(site):
    """<link rel="alternate"> lets a browser or podcast app find the feed from the page address."""
    def alternates(path: Path) -> list[tuple[str, str]]:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        return re.findall(r'<link rel="alternate" type="application/rss\+xml" title="([^"]*)" href="([^"]*)">', head)

    home = alternates(site / "podcast" / "index.html")
    assert [href for _, href in home] == ["feed.xml", "interviews/feed.xml", "key-information/feed.xml"]
    for _, href in home:
        assert (site / "podcast" / href).is_file()
    episode = alternates(site / "podcast" / "talk-one" / "index.html")
    assert [href for _, href in episode] == ["../feed.xml", "../interviews/feed.xml"]
    assert episode[1][0].endswith(": Interviews")
    assert alternates(site / "index.html") == []
