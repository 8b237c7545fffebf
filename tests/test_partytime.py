"""Every tag the feeds carry for Podcasting 2.0 apps, read by a real Podcasting 2.0 parser: npm
podcast-partytime (pinned in package.json), run with node over every feed of a built portal whose
show.yml sets everything (license, txt, funding, podping, hubs, feed.max_items for archive pages).
podcast:podping is not one partytime 5 reads: test_podcast_reach.py checks it with lxml."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, build_env, copy_repo, node_package, require_tool, run_build

SITE = "https://nhs-cln.github.io/portal/"
EXTRA = """\
license:
  name: CC-BY-NC-ND-4.0
  url: https://creativecommons.org/licenses/by-nc-nd/4.0/
txt:
  - S6lpp-7ZCn8 <&> "code"
funding:
  - url: https://example.org/support?a=1&b=2
    text: Support the <network> & more
podping: true
feed:
  max_items: 2
"""


@pytest.fixture(scope="module")
def partytime(tmp_path_factory):
    node = require_tool("node", package="nodejs", why="podcast-partytime, a Podcasting 2.0 parser, runs on Node.js")
    node_package("podcast-partytime/package.json", why="the feeds are read by podcast-partytime")
    tmp = tmp_path_factory.mktemp("partytime")
    project = copy_repo(tmp / "project")
    show = project / "podcasts" / "show.yml"
    show.write_text(show.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    result = run_build(project, tmp / "site", env=build_env())
    assert result.returncode == 0, result.stderr
    feeds = sorted((tmp / "site" / "podcast").rglob("feed*.xml"))
    read = subprocess.run([node, str(Path(__file__).with_name("partytime_feeds.js")), *map(str, feeds)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert read.returncode == 0, read.stderr
    return tmp / "site", {Path(path): feed for path, feed in json.loads(read.stdout).items()}


def test_every_feed_and_item_parses(partytime):
    site, feeds = partytime
    names = sorted(p.relative_to(site).as_posix() for p in feeds)
    assert names == ["podcast/feed-archive-1.xml", "podcast/feed.xml", "podcast/interviews/feed.xml",
                     "podcast/key-information/feed.xml"]
    for path, feed in feeds.items():
        assert feed is not None, path
        root = etree.parse(str(path)).getroot()
        assert [i["guid"] for i in feed["items"]] == [g.text for g in root.iterfind("channel/item/guid")]
        assert feed["guid"] == root.findtext("channel/{https://podcastindex.org/namespace/1.0}guid")


def test_show_metadata_as_partytime_reads_it(partytime):
    _, feeds = partytime
    for path, feed in feeds.items():
        assert feed["medium"] == "podcast"
        assert feed["license"] == {"identifier": "CC-BY-NC-ND-4.0",
                                   "url": "https://creativecommons.org/licenses/by-nc-nd/4.0/"}
        assert feed["txt"] == [{"value": 'S6lpp-7ZCn8 <&> "code"', "purpose": "verify"}]
        assert feed["funding"] == [{"message": "Support the <network> & more",
                                    "url": "https://example.org/support?a=1&b=2"}]
        assert feed["pubsub"]["hub"] == "https://pubsubhubbub.appspot.com/"
        assert feed["pubsub"]["self"] == SITE + path.as_posix().split("/site/")[1]
        assert feed["locked"] is True
        for tag in ("medium", "license", "txt", "funding", "guid", "person"):
            assert any(tag in names for names in feed["supports"].values()), (path, tag)


def test_paging_and_persons_as_partytime_reads_them(partytime):
    site, feeds = partytime
    main, archive = feeds[site / "podcast" / "feed.xml"], feeds[site / "podcast" / "feed-archive-1.xml"]
    assert main["pubsub"]["next"] == SITE + "podcast/feed-archive-1.xml"
    assert "next" not in archive["pubsub"]  # the oldest page
    assert len(main["items"]) == len(archive["items"]) == 2
    persons = {p[0]: p for feed in (main, archive) for item in feed["items"] for p in item["persons"]}
    assert persons["Dr Helen Marsh"] == ["Dr Helen Marsh", "Guest", SITE + "interviews/maternity-as-the-whole-programme/"]
    assert persons["Joanna Reid"][2] is None
