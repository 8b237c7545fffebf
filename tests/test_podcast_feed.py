"""The feeds as podcast apps read them: built by MkDocs, parsed by podcastparser and feedparser,
and checked with lxml for the iTunes and podcast: elements those parsers miss."""

from __future__ import annotations

import email.utils
import html
import json
import textwrap
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from cln_portal.podcast import guids
from conftest import REPO, copy_repo, run_build
from podcast_factory import SHOW, SILENT, add_episode, copy_fixture, png, seconds, site_project

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0",
      "psc": "http://podlove.org/simple-chapters", "atom": "http://www.w3.org/2005/Atom"}
SITE = "https://nhs-cln.github.io/portal/"


def parse(path: Path):
    data = path.read_bytes()
    return data, podcastparser.parse(SITE, __import__("io").BytesIO(data)), feedparser.parse(data), \
        etree.fromstring(data)


def page_or_audio(site: Path, slug: str) -> str:
    """An item's link: its episode page once a section makes one, else its audio; never a dead URL."""
    if (site / "podcast" / slug / "index.html").is_file():
        return f"{SITE}podcast/{slug}/"
    return f"{SITE}podcast/{slug}/{slug}.mp3"


def set_plugin_options(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - cln\n", "  - cln:\n" + textwrap.indent(options, "      "))
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A portal with episodes in both series, a draft, a future one and awkward text; built once."""
    tmp = tmp_path_factory.mktemp("feeds")
    project, pods = site_project(tmp)
    # Hosts: one for the whole show, one of the Interviews series; Interviews has artwork of its own.
    (pods / "interviews.png").write_bytes(png(1500, 1500))
    (pods / "show.yml").write_text(
        SHOW.replace("artwork: show.png\n", "artwork: show.png\nhosts:\n  - name: Test host\n"
                                             "    href: https://example.org/host\n")
        .replace("    description: Conversations.\n    artwork: series.png\n",
                 "    description: Conversations.\n    artwork: interviews.png\n"
                 "    hosts:\n      - name: Joanna Reid\n"), encoding="utf-8")
    add_episode(pods, "interview-one", title="Leading <change> & \x0bmore", date="2009-03-05",
                comment="Plain text with <b>tags</b> & ampersands.", artist="Dr A; Dr B", track="1",
                disc="1", frames=400, album="Interviews", sidecar="""\
                ---
                persons:
                  - name: Joanna Reid
                    role: host
                  - name: Dr Helen Marsh
                    role: guest
                    href: https://example.org/helen
                interviewee:
                  name: Dr Helen Marsh
                  role: director of midwifery
                  organisation: NHS London
                ---

                Notes.

                ## Transcript

                [00:00:00] **Joanna Reid:** Welcome.

                [00:00:04] **Dr Helen Marsh:** Thank you.
                """)
    copy_fixture("ffmpeg-chapters.mp3", pods, "briefing")
    (pods / "briefing.md").write_text(SILENT, encoding="utf-8")
    copy_fixture("lame-id3v23.mp3", pods, "maternity")
    (pods / "maternity.md").write_text(
        "---\ndate: 2009-04-01\nexplicit: true\nepisode_type: bonus\ntranscript_exempt: test audio\n"
        "interviewee: {name: Dr Amira Hassan, role: consultant midwife, organisation: NHS London}\n---\n",
        encoding="utf-8")
    add_episode(pods, "draft-one", sidecar="---\ndraft: true\n---\n")
    add_episode(pods, "future-one", date="2999-01-01")
    result = run_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return project, tmp / "site", result


def test_build_says_how_many_episodes_were_held_back(built):
    _, _, result = built
    assert "Podcast: 3 episodes published, 2 held back (1 draft: draft-one; 1 dated in the future: future-one)" \
        in result.stderr


def test_main_feed_with_podcastparser(built):
    _, site, _ = built
    _, parsed, _, _ = parse(site / "podcast" / "feed.xml")
    assert parsed["title"] == "Test podcast"
    assert parsed["cover_url"].startswith(SITE + "podcast/artwork/show-")
    items = parsed["episodes"]
    assert [e["link"] for e in items] == [page_or_audio(site, s) for s in ("maternity", "interview-one",
                                                                         "briefing")]  # newest first
    for item in items:
        enclosure = item["enclosures"][0]
        served = site / enclosure["url"][len(SITE):]
        assert served.is_file() and enclosure["file_size"] == served.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
    one = items[1]
    assert one["title"] == "Leading <change> & more"  # control character gone, the rest escaped
    # Angle brackets are entities inside the description (which apps treat as HTML): never markup.
    assert one["description"] == "Plain text with &lt;b&gt;tags&lt;/b&gt; & ampersands."
    assert one["total_time"] == round(seconds(400)) and one["number"] == 1
    briefing = items[2]
    assert [(c["start"], c["title"]) for c in briefing["chapters"]] == [
        (0, "Introduction"), (3, "Conflict management & innovation"), (6, "Where to find case studies")]
    assert items[0]["type"] == "bonus" and items[0]["explicit"] is True
    assert not any("draft" in e["link"] or "future" in e["link"] for e in items)


def test_main_feed_with_feedparser(built):
    _, site, _ = built
    _, _, parsed, _ = parse(site / "podcast" / "feed.xml")
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Test podcast" and parsed.feed.language == "en-gb"
    assert html.unescape(next(e for e in parsed.entries if "interview-one" in e.link).description) \
        == "Plain text with <b>tags</b> & ampersands."  # as an HTML renderer shows it
    assert parsed.feed.publisher_detail.email == "owner@example.org"
    assert [t.term for t in parsed.feed.tags] == ["Health & Fitness", "Medicine"]
    assert len(parsed.entries) == 3
    entry = parsed.entries[1]
    assert entry.id == next(e for e in parsed.entries if "interview-one" in e.link).id
    assert entry.itunes_duration == str(round(seconds(400)))
    assert entry.itunes_episodetype == "full"
    assert entry.published_parsed[:3] == (2009, 3, 5)


def test_itunes_and_podcast_namespace_elements_with_lxml(built):
    _, site, _ = built
    data, _, _, root = parse(site / "podcast" / "feed.xml")
    channel = root.find("channel")
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:type", namespaces=NS) == "episodic"
    assert channel.findtext("itunes:author", namespaces=NS) == "Test author"
    assert channel.find("itunes:image", NS).get("href").endswith(".png")
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "owner@example.org"
    assert channel.find("atom:link[@rel='self']", NS).get("href") == SITE + "podcast/feed.xml"
    assert channel.find("atom:link[@rel='self']", NS).get("type") == "application/rss+xml"
    home = "podcast/" if (site / "podcast" / "index.html").is_file() else ""
    assert channel.findtext("link") == SITE + home
    locked = channel.find("podcast:locked", NS)
    assert (locked.text, locked.get("owner")) == ("yes", "owner@example.org")
    assert channel.findtext("podcast:guid", namespaces=NS) == guids.feed_guid(SITE + "podcast/feed.xml")
    items = channel.findall("item")
    for item in items:
        assert item.findtext("itunes:explicit", namespaces=NS) in ("true", "false")
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("itunes:duration", namespaces=NS).isdigit()
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert item.findtext("itunes:episodeType", namespaces=NS) in ("full", "bonus", "trailer")
    maternity, interview, briefing = items
    assert maternity.findtext("itunes:explicit", namespaces=NS) == "true"
    persons = [(p.text, p.get("role"), p.get("group"), p.get("href"))
               for p in interview.findall("podcast:person", NS)]
    assert persons == [("Joanna Reid", "host", "cast", None),
                       ("Dr Helen Marsh", "guest", "cast", "https://example.org/helen")]
    # The show's feed merges the series: Interviews' season 1 is a season of its own there.
    assert interview.findtext("podcast:season", namespaces=NS) == "2"
    assert interview.find("podcast:season", NS).get("name") == "Interviews, season 1"
    assert interview.findtext("itunes:season", namespaces=NS) == "2"
    assert interview.findtext("podcast:episode", namespaces=NS) == "1"
    hosts = [(p.text, p.get("role"), p.get("group"), p.get("href")) for p in channel.findall("podcast:person", NS)]
    assert hosts == [("Test host", "host", "cast", "https://example.org/host"),
                     ("Joanna Reid", "host", "cast", None)]
    chapters = briefing.find("podcast:chapters", NS)
    assert chapters.get("type") == "application/json+chapters"
    served = json.loads((site / chapters.get("url")[len(SITE):]).read_text(encoding="utf-8"))
    assert served["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in served["chapters"]] == [
        (0, "Introduction"), (3, "Conflict management & innovation"), (6, "Where to find case studies")]
    assert b"\x0b" not in data and b"&lt;change&gt; &amp; more" in data
    image = maternity.find("itunes:image", NS).get("href")  # the JPEG embedded in the file
    assert image.endswith(".jpg") and (site / image[len(SITE):]).read_bytes()[:2] == b"\xff\xd8"


def test_one_feed_per_series_each_its_own_show(built):
    _, site, _ = built
    for slug, title, links in (("interviews", "Interviews", ["maternity", "interview-one"]),
                               ("key-information", "Key information", ["briefing"])):
        _, parsed, fp, root = parse(site / "podcast" / slug / "feed.xml")
        assert not fp.bozo
        assert parsed["title"] == title
        assert parsed["cover_url"].startswith(f"{SITE}podcast/artwork/{slug}-")
        assert [e["link"] for e in parsed["episodes"]] == [page_or_audio(site, s) for s in links]
        channel = root.find("channel")
        assert channel.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}podcast/{slug}/feed.xml"
        assert channel.findtext("podcast:guid", namespaces=NS) == guids.feed_guid(f"{SITE}podcast/{slug}/feed.xml")


def item_numbers(root) -> list[tuple]:
    return [(item.findtext("title"), item.findtext("itunes:season", namespaces=NS),
             item.findtext("itunes:episode", namespaces=NS), item.findtext("podcast:season", namespaces=NS),
             item.findtext("podcast:episode", namespaces=NS)) for item in root.iter("item")]


def test_no_two_items_of_any_feed_share_season_and_episode(built):
    _, site, _ = built
    feeds = sorted(site.glob("podcast/**/feed.xml"))
    assert len(feeds) == 3
    for feed in feeds:
        numbers = item_numbers(etree.fromstring(feed.read_bytes()))
        for first, second in ((1, 2), (3, 4)):
            pairs = [(n[first], n[second]) for n in numbers if n[second] is not None]
            assert len(pairs) == len(set(pairs)), f"{feed.relative_to(site)}: {numbers}"
    # A series' own feed keeps the numbers as tagged.
    interviews = item_numbers(etree.fromstring((site / "podcast/interviews/feed.xml").read_bytes()))
    assert ("Leading <change> & more", "1", "1", "1", "1") in interviews


def test_a_series_feed_names_its_own_hosts_else_the_shows(built):
    _, site, _ = built
    for slug, hosts in (("interviews", ["Joanna Reid"]), ("key-information", ["Test host"])):
        channel = etree.fromstring((site / "podcast" / slug / "feed.xml").read_bytes()).find("channel")
        assert [p.text for p in channel.findall("podcast:person", NS)] == hosts


def test_an_episode_without_artwork_shows_its_series_artwork_in_every_feed_and_on_its_page(built):
    _, site, _ = built
    series_art = next(site.glob("podcast/artwork/interviews-*.png"))
    for feed in ("podcast/feed.xml", "podcast/interviews/feed.xml"):
        root = etree.fromstring((site / feed).read_bytes())
        item = next(i for i in root.iter("item") if "interview-one" in i.findtext("guid") + i.findtext("link"))
        assert item.find("itunes:image", NS).get("href") == SITE + series_art.relative_to(site).as_posix(), feed
    page = (site / "podcast" / "interview-one" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="cln-artwork"><img src="../artwork/{series_art.name}"' in page


def test_artwork_falls_back_to_the_show_when_the_series_has_none(tmp_path):
    from cln_portal.podcast import Options, load

    _, pods = site_project(tmp_path)
    add_episode(pods, "loose", album=None, track="1")
    podcast = load(pods.parent, Options(site_url=SITE, today=__import__("datetime").date(2020, 1, 1)))
    (ep,) = podcast.episodes
    assert ep.series is None and ep.artwork is None
    assert ep.artwork_url == podcast.artwork_url() and ep.artwork_url.startswith("podcast/artwork/show-")


def test_two_episodes_of_a_series_with_one_number_fail_the_check(tmp_path):
    from cln_portal.podcast import Options, load

    _, pods = site_project(tmp_path)
    add_episode(pods, "one", track="3", disc="1")
    add_episode(pods, "two", track="3", disc="1", date="2009-02-20")
    add_episode(pods, "other-series", track="3", disc="1", album="Interviews")
    podcast = load(pods.parent, Options(site_url=SITE, today=__import__("datetime").date(2020, 1, 1)))
    clashes = [str(p) for p in podcast.errors if p.field == "episode"]
    assert clashes == ["podcasts/two.md: episode: episode number 3 (series Key information, season 1) is "
                       "also podcasts/one.mp3's; podcast apps would mix the two up: give each episode of "
                       "a series its own number (the track tag, or episode: in the sidecar)"]


def test_episodes_are_in_the_catalogue_and_nothing_else_points_nowhere(built):
    project, site, _ = built
    lock = (project / "podcasts" / "published.yml").read_text(encoding="utf-8")
    assert lock.count("- slug:") == 3 and "draft-one" not in lock and "future-one" not in lock


def _broken_project(tmp_path, change):
    project, pods = site_project(tmp_path)
    add_episode(pods, "good")
    change(pods)
    return project


@pytest.mark.parametrize("change, expected", [
    (lambda p: (p / "bad.mp3").write_text("not audio\n" * 30), "podcasts/bad.mp3: is not an MP3 file"),
    (lambda p: add_episode(p, "untitled", title=None), "podcasts/untitled.mp3: title: has no title"),
    (lambda p: add_episode(p, "lost", album="Nope"), "podcasts/lost.mp3: series: 'Nope' is not a series"),
    (lambda p: (p / "show.yml").write_text((p / "show.yml").read_text().replace("Medicine", "Surgery")),
     "podcasts/show.yml: categories: 'Surgery' is not a subcategory"),
    (lambda p: (p / "series.png").write_bytes(png(1400, 1400, colour_type=6)),
     "podcasts/show.yml: series[1].artwork: podcasts/series.png is in the RGBA colour space"),
])
def test_an_error_fails_the_build_with_one_line_and_writes_no_feed(tmp_path, change, expected):
    project = _broken_project(tmp_path, change)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "podcast").exists()
    assert not (project / "podcasts" / "published.yml").exists()


def test_an_opus_episode_fails_the_strict_build_unless_allowed(tmp_path):
    project, pods = site_project(tmp_path)
    copy_fixture("ffmpeg-chapters.opus", pods, "briefing")
    (pods / "briefing.md").write_text(SILENT, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "WARNING" in result.stderr and "podcasts/briefing.opus: is OPUS" in result.stderr
    set_plugin_options(project, "podcast:\n  allow_non_apple_formats: true\n")
    result = run_build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(tmp_path / "site2" / "podcast" / "feed.xml")).getroot()
    assert root.find("channel/item/enclosure").get("type") == "audio/ogg"


def test_media_base_url_serves_audio_elsewhere_and_keeps_guids(tmp_path):
    project, pods = site_project(tmp_path)
    add_episode(pods, "one")
    assert run_build(project, tmp_path / "site").returncode == 0
    guid = etree.parse(str(tmp_path / "site/podcast/feed.xml")).findtext("channel/item/guid")
    set_plugin_options(project, "podcast:\n  media_base_url: https://cdn.example.org/cln\n")
    result = run_build(project, tmp_path / "moved")
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(tmp_path / "moved/podcast/feed.xml"))
    assert root.find("channel/item/enclosure").get("url") == "https://cdn.example.org/cln/one.mp3"
    assert root.find("channel/item/enclosure").get("length") == str((pods / "one.mp3").stat().st_size)
    assert root.findtext("channel/item/guid") == guid
    assert not (tmp_path / "moved/podcast/one/one.mp3").exists()


def test_an_unknown_podcast_option_is_refused(tmp_path):
    project, _ = site_project(tmp_path)
    set_plugin_options(project, "podcast:\n  media_url: https://cdn.example.org\n")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0 and "did you mean 'podcast.media_base_url'?" in result.stderr


def test_the_shipped_podcast(shipped_site):
    _, parsed, fp, root = parse(shipped_site / "podcast" / "feed.xml")
    assert not fp.bozo
    series = {e["link"] for e in parsed["episodes"]}
    assert len(parsed["episodes"]) >= 4
    for slug in ("interviews", "key-information"):
        _, own, _, _ = parse(shipped_site / "podcast" / slug / "feed.xml")
        assert len(own["episodes"]) >= 2 and {e["link"] for e in own["episodes"]} <= series
    for item in root.iter("item"):
        assert item.find("podcast:chapters", NS) is not None
        enclosure = item.find("enclosure")
        assert int(enclosure.get("length")) == (shipped_site / enclosure.get("url")[len(SITE):]).stat().st_size
    for md in (REPO / "podcasts").glob("*.md"):
        assert "## Transcript" in md.read_text(encoding="utf-8"), md


def test_the_committed_lock_file_is_up_to_date():
    from cln_portal import podcast

    result = podcast.load(REPO, podcast.Options(site_url=SITE))
    assert result.problems == []
    assert result.updated_lock() is None, "build the portal and commit podcasts/published.yml"


def test_feed_links_pages_when_they_exist_and_audio_otherwise(tmp_path):
    from cln_portal import podcast
    from podcast_factory import podcast_folder

    folder = podcast_folder(tmp_path / "podcasts")
    add_episode(folder, "one")
    result = podcast.load(tmp_path, podcast.Options(site_url=SITE))

    def links() -> tuple[str, str]:
        root = etree.fromstring(result.outputs()["podcast/feed.xml"])
        return root.findtext("channel/link"), root.findtext("channel/item/link")

    assert links() == (SITE + "podcast/", SITE + "podcast/one/")  # pages=None: every page exists
    result.pages = {"podcast/"}
    assert links() == (SITE + "podcast/", SITE + "podcast/one/one.mp3")
    result.pages = set()
    assert links() == (SITE, SITE + "podcast/one/one.mp3")


def test_a_preview_never_writes_the_lock_file(tmp_path):
    """`make serve` sets site_url to the local address: the lock must keep the public one."""
    from test_serve import Preview

    project = copy_repo(tmp_path / "portal")
    lock = project / "podcasts" / "published.yml"
    before = lock.read_bytes()
    running = Preview(project)
    try:
        running.wait(lambda: running.builds() >= 1, "the first build")
        assert lock.read_bytes() == before
        assert "updated podcasts/published.yml" not in "".join(running.log)
    finally:
        running.stop()
