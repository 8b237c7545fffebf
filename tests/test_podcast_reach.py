"""What the feeds tell apps and directories beyond the show (issue 21): podcast:medium, license,
txt, funding, podping, WebSub hubs, and podcast:person href to the person's page on the portal.

Built from the core (no MkDocs) and read with lxml, feedparser and podcastparser; the shipped
portal's build is checked for the person link that the interviews give."""

from __future__ import annotations

import io

import feedparser
import podcastparser
import pytest
from lxml import etree

from cln_portal import podcast as core
from podcast_factory import SHOW, add_episode, podcast_folder

SITE = "https://nhs-cln.github.io/portal/"
NS = {"podcast": "https://podcastindex.org/namespace/1.0", "atom": "http://www.w3.org/2005/Atom"}

REACH = """\
medium: podcast
license:
  name: CC-BY-4.0 <&> "x"
  url: https://creativecommons.org/licenses/by/4.0/?a=1&b=2
txt:
  - S6lpp-7ZCn8-dZfGc-OoyaG
  - purpose: applepodcastsverify
    text: "<b>code</b> & more"
funding:
  - url: https://example.org/give?x=1&y=2
    text: Support the <network> & "friends"
hubs:
  - https://hub.example.org/
  - https://pubsubhubbub.appspot.com/
podping: true
"""


def load(tmp_path, extra: str = REACH, episodes: int = 2):
    pods = podcast_folder(tmp_path / "podcasts", SHOW + extra)
    for n in range(1, episodes + 1):
        add_episode(pods, f"ep-{n}", date=f"2009-02-{n:02d}", artist="Dr Helen Marsh")
    return core.load(tmp_path, core.Options(site_url=SITE, today=None))


def channel(data: bytes):
    return etree.fromstring(data).find("channel")


def test_show_metadata_in_every_feed_escaped(tmp_path):
    podcast = load(tmp_path)
    assert not podcast.errors, podcast.errors
    feeds = {path: data for path, data in podcast.outputs().items() if path.endswith(".xml")}
    assert set(feeds) == {"podcast/feed.xml", "podcast/interviews/feed.xml", "podcast/key-information/feed.xml"}
    for path, data in feeds.items():
        ch = channel(data)
        assert ch.findtext("podcast:medium", namespaces=NS) == "podcast"
        license_ = ch.find("podcast:license", NS)
        assert license_.text == 'CC-BY-4.0 <&> "x"'  # lxml parsed the escaped text back
        assert license_.get("url") == "https://creativecommons.org/licenses/by/4.0/?a=1&b=2"
        assert [(t.get("purpose"), t.text) for t in ch.findall("podcast:txt", NS)] == [
            ("verify", "S6lpp-7ZCn8-dZfGc-OoyaG"), ("applepodcastsverify", "<b>code</b> & more")]
        funding = ch.findall("podcast:funding", NS)
        assert [(f.get("url"), f.text) for f in funding] == [
            ("https://example.org/give?x=1&y=2", 'Support the <network> & "friends"')]
        assert ch.find("podcast:podping", NS).get("usesPodping") == "true"
        hubs = [link.get("href") for link in ch.findall("atom:link", NS) if link.get("rel") == "hub"]
        assert hubs == ["https://hub.example.org/", "https://pubsubhubbub.appspot.com/"]
        assert b"<network>" not in data and b"&lt;network&gt;" in data
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        items = len(etree.fromstring(data).findall("channel/item"))
        assert len(podcastparser.parse(SITE + path, io.BytesIO(data))["episodes"]) == items


def test_defaults_medium_only_no_funding_no_podping(tmp_path):
    podcast = load(tmp_path, "")
    ch = channel(podcast.outputs()["podcast/feed.xml"])
    assert ch.findtext("podcast:medium", namespaces=NS) == "podcast"
    for tag in ("license", "txt", "funding", "podping"):
        assert ch.find(f"podcast:{tag}", NS) is None, tag
    assert not [link for link in ch.findall("atom:link", NS) if link.get("rel") == "hub"]
    dist = podcast.show.distribution
    assert dist.podcast_index_url == "https://api.podcastindex.org/api/1.0/hub/pubnotify"
    assert dist.podping_url == "https://podping.cloud/" and dist.max_items is None


@pytest.mark.parametrize("extra, field, words", [
    ("medium: radio\n", "medium:", "'radio' is not a podcast medium"),
    ("license: [a, b]\n", "license:", "must be text"),
    ("license:\n  name: x\n  link: y\n", "license.link:", "unknown setting"),
    ("license:\n  name: x\n  url: ftp://x\n", "license.url:", "is not a web address"),
    ("txt: [" + "x" * 4001 + "]\n", "txt[1]:", "at most 4000"),
    ("funding: https://example.org/\n", "funding[1]:", "needs 'url:' and 'text:'"),
    ("funding:\n  - url: https://example.org/\n", "funding[1].text:", "must be text"),
    ("hubs: [not-a-url]\n", "hubs[1]:", "is not a web address"),
    ("podping: yes please\n", "podping:", "must be true or false"),
    ("notify:\n  podcastindex: https://x.org/\n", "notify.podcastindex:", "did you mean 'podcast_index'"),
    ("feed:\n  max_items: 0\n", "feed.max_items:", "must be a whole number"),
    ("feed:\n  items: 3\n", "feed.items:", "unknown setting"),
])
def test_bad_settings_name_the_file_and_field(tmp_path, extra, field, words):
    podcast = load(tmp_path, extra, episodes=0)
    messages = [str(p) for p in podcast.errors]
    assert any(m.startswith(f"podcasts/show.yml: {field}") and words in m for m in messages), messages


def test_notify_services_can_be_pointed_elsewhere_or_off(tmp_path):
    podcast = load(tmp_path, "notify:\n  podcast_index: http://127.0.0.1:9/pubnotify\n  podping: false\n",
                   episodes=0)
    assert not podcast.errors
    assert podcast.show.distribution.podcast_index_url == "http://127.0.0.1:9/pubnotify"
    assert podcast.show.distribution.podping_url is None


def test_person_href_to_their_page_on_the_portal(tmp_path):
    podcast = load(tmp_path, "")
    podcast.person_pages = {"dr helen marsh": "interviews/maternity-as-the-whole-programme/",
                            "Someone Else": "interviews/other/"}
    item = channel(podcast.outputs()["podcast/feed.xml"]).find("item")
    persons = item.findall("podcast:person", NS)
    assert [(p.text, p.get("href")) for p in persons] == [
        ("Dr Helen Marsh", SITE + "interviews/maternity-as-the-whole-programme/")]


def test_shipped_feed_links_the_interviewee_to_their_interview(shipped_site):
    root = etree.parse(str(shipped_site / "podcast" / "feed.xml")).getroot()
    hrefs = {p.text: p.get("href") for p in root.iterfind(".//item/podcast:person", NS)}
    assert hrefs["Dr Helen Marsh"] == SITE + "interviews/maternity-as-the-whole-programme/"
    assert (shipped_site / "interviews" / "maternity-as-the-whole-programme" / "index.html").is_file()
    assert hrefs["Joanna Reid"] is None  # no page about her: no href
    ch = root.find("channel")
    assert ch.findtext("podcast:medium", namespaces=NS) == "podcast"
    assert ch.find("podcast:funding", NS) is None  # off unless the show sets it


def test_control_characters_are_dropped_not_a_failed_feed(tmp_path):
    podcast = load(tmp_path, 'license: "CC\\vBY\\a"\ntxt: ["co\\x0cde"]\nfunding:\n'
                             '  - url: https://example.org/\n    text: "Give\\x1b now"\n', episodes=1)
    assert not podcast.errors, podcast.errors
    ch = channel(podcast.outputs()["podcast/feed.xml"])
    assert ch.findtext("podcast:license", namespaces=NS) == "CCBY"
    assert ch.findtext("podcast:txt", namespaces=NS) == "code"
    assert ch.findtext("podcast:funding", namespaces=NS) == "Give now"
