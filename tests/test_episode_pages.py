"""The episode page and podcast home as the core renders them (no MkDocs): facts, player, chapters,
download, transcript, escaping. The built pages are checked in test_episodes_site.py."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from cln_portal.podcast import pages
from cln_portal.podcast import transcripts as tr
from cln_portal.content.catalogue import Entry


def episode(**overrides):
    series = SimpleNamespace(slug="interviews", title="Interviews & <talks>", description="Conversations.")
    values = dict(
        slug="leading-change", title="Leading <change> & you", description="A talk about \"change\".",
        date=datetime.date(2009, 2, 16), series=series, season=1, number=2,
        persons=[SimpleNamespace(name="Dr Amira Hassan", role="guest"), SimpleNamespace(name="Sam <Patel>", role="host")],
        duration=125, audio=SimpleNamespace(format="mp3", mime="audio/mpeg", size=1_234_567, duration=125.4),
        image_url="podcast/leading-change/cover-abcd1234.jpg", artwork_url="podcast/leading-change/cover-abcd1234.jpg",
        audio_url="podcast/leading-change/leading-change.mp3",
        enclosure_url="https://example.org/podcast/leading-change/leading-change.mp3",
        chapters=[SimpleNamespace(start=0.0, title="Introduction"), SimpleNamespace(start=63.5, title="Q&A <live>")],
        show_notes="Notes with a [link](https://example.org/).\n", transcript_exempt=None,
        url="podcast/leading-change/", related=[],
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def transcript():
    t, problems = tr.parse_markdown("[00:00:00] **Sam <Patel>:** Hello & welcome.\n\n[00:01:03] **Dr Amira Hassan:** Thanks.\n",
                                    "podcasts/leading-change.md", 10)
    assert not problems
    return t.ended(125.4)[0]


def context(**overrides):
    values = dict(transcript=transcript(), transcript_files=(
        ("podcast/leading-change/transcript.vtt", "vtt"), ("podcast/leading-change/transcript.srt", "srt"),
        ("podcast/leading-change/transcript.json", "json"), ("podcast/leading-change/transcript.html", "html")))
    values.update(overrides)
    return pages.EpisodeContext(**values)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.start: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.start.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [a for t, a in self.start if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def render(ep=None, ctx=None):
    return pages.episode_markdown(ep or episode(), ctx or context(), "podcast/leading-change/")


def test_facts_title_date_series_numbers_speakers_and_length():
    out = render()
    assert "<h1>Leading &lt;change&gt; &amp; you</h1>" in out
    assert '<time datetime="2009-02-16">16 February 2009</time>' in out
    assert '<a href="../#series-interviews">Interviews &amp; &lt;talks&gt;</a>, season 1, episode 2' in out
    assert "<li>Dr Amira Hassan, guest</li><li>Sam &lt;Patel&gt;, host</li>" in out
    assert '<time datetime="PT2M5S">2 minutes 5 seconds</time>' in out
    assert '<img src="cover-abcd1234.jpg" alt=""' in out


def test_the_player_is_native_labelled_and_typed_with_a_download_link():
    tags = Tags()
    tags.feed(render())
    (audio,) = tags.find("audio")
    assert "controls" in audio and audio["aria-label"] == "Listen to Leading <change> & you"
    assert tags.find("source", src="leading-change.mp3", type="audio/mpeg")
    assert len([a for a in tags.find("a", href="leading-change.mp3") if "download" in a]) == 1
    assert "Download the episode (MP3, 1.2 MB)" in render()


def test_remote_audio_is_not_preloaded():
    out = render(episode(audio_url=None))
    assert 'preload="none"' in out
    assert 'src="https://example.org/podcast/leading-change/leading-change.mp3"' in out


def test_chapters_seek_the_player_and_still_work_without_script():
    tags = Tags()
    tags.feed(render())
    chapters = [a for a in tags.find("a") if a.get("class") == "cln-seek" and "Q&A" in a.get("aria-label", "")
                or a.get("aria-label") == "Play from 0:00: Introduction"]
    assert [(a["href"], a["data-seek"]) for a in chapters] == [("leading-change.mp3#t=0", "0"),
                                                              ("leading-change.mp3#t=63.5", "63.5")]
    assert "Q&amp;A &lt;live&gt;</li>" in render()


def test_the_transcript_and_its_files_are_on_the_page():
    out = render()
    section = out[out.index("## Transcript"):]
    assert "Hello &amp; welcome." in section and "<strong>Sam &lt;Patel&gt;</strong>" in section
    assert '<a href="transcript.vtt">WebVTT captions</a>' in section
    assert '<a href="transcript.json">JSON</a>' in section
    assert "Select a time to play the episode from that point." in section


def test_an_exempt_episode_says_why():
    out = render(episode(transcript_exempt="music only, <no> speech"), context(transcript=None, transcript_files=()))
    assert "This episode has no transcript: music only, &lt;no&gt; speech" in out


def test_show_notes_are_markdown_and_related_content_is_listed():
    related = Entry("case study", "one-to-one", "One to one <care>", "case-studies/one-to-one/",
                    date=datetime.date(2009, 1, 1))
    written = Entry("interview", "amira", "Amira, in writing", "interviews/amira/")
    out = render(ctx=context(related=(related,), interviews=(written,)))
    assert "## Show notes\n\nNotes with a [link](https://example.org/)." in out
    assert '<a href="../../case-studies/one-to-one/">One to one &lt;care&gt;</a>' in out
    assert '## Read the interview' in out and '<a href="../../interviews/amira/">Amira, in writing</a>' in out


@pytest.mark.parametrize("seconds, text", [(0, "0 seconds"), (1, "1 second"), (61, "1 minute 1 second"),
                                           (120, "2 minutes"), (3600, "1 hour"), (3725, "1 hour 2 minutes")])
def test_human_duration(seconds, text):
    assert pages.human_duration(seconds) == text


@pytest.mark.parametrize("size, text", [(999, "999 bytes"), (1000, "1 KB"), (820_400, "820 KB"),
                                        (1_234_567, "1.2 MB"), (25_000_000, "25 MB"), (1_100_000_000, "1.1 GB")])
def test_human_size(size, text):
    assert pages.human_size(size) == text


def test_the_home_page_lists_feeds_with_copy_buttons_series_and_every_episode():
    eps = [episode(), episode(slug="brief", title="Briefing", series=None, number=None, season=None,
                              url="podcast/brief/")]
    show = SimpleNamespace(title="The CLN <podcast>", description="Briefings & interviews.")
    series = eps[0].series
    out = pages.home_markdown(show, [(series, pages.Feed(series.title, "https://x.org/podcast/interviews/feed.xml", "interviews"))],
                              pages.Feed("All episodes", "https://x.org/podcast/feed.xml", "all"), eps, "podcast/",
                              latest=1)
    assert "<h1>The CLN &lt;podcast&gt;</h1>" in out
    assert '<code id="feed-all">https://x.org/podcast/feed.xml</code>' in out
    tags = Tags()
    tags.feed(out)
    buttons = tags.find("button")
    assert [b["data-copy-target"] for b in buttons] == ["feed-all", "feed-interviews"]
    assert all("hidden" in b and b["type"] == "button" and b["aria-label"].startswith("Copy") for b in buttons)
    assert "Apple Podcasts" in out and "Spotify" in out and "AntennaPod" in out
    assert 'role="status"' in out
    assert re.findall(r'<a href="([^"]+)">Leading', out) == ["leading-change/", "leading-change/"]  # latest + series
    assert '<a href="brief/">Briefing</a>' in out  # an episode without a series is still listed
