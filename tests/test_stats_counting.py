"""The IAB v2 counting rules of `cln stats`, each with a log made for it (stats core only).

The catalogue has one long episode (threshold 250,000 of 1,000,000 bytes), one shorter than a
minute (threshold = its whole size) and a case study page; logs are JSON lines as the shipped
nginx configuration writes them, or combined format.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3

import pytest

from cln_portal.stats import Catalogue, count_logs
from cln_portal.stats.catalogue import Episode, Page, audio_threshold, threshold
from cln_portal.stats.count import network_of

from podcast_factory import FRAME, RATE, SAMPLES, silent_mp3, tag_mp3

PUBLISHED = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc).timestamp()
DAY1 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc).timestamp()
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
APPLE = "Podcasts/1650.20 CFNetwork/1333.0.4 Darwin/21.5.0"
SPOTIFY = "Spotify/8.9.0 Android/34 (Pixel 8)"
LONG, SHORT = "podcast/long/long.mp3", "podcast/short/short.mp3"


def catalogue() -> Catalogue:
    cat = Catalogue(prefix="/portal/")
    cat.add_episode(Episode("long", "A long one", LONG, PUBLISHED, 1_000_000, 250_000))
    cat.add_episode(Episode("short", "A short one", SHORT, PUBLISHED, 40_000, 40_000))
    cat.add_page(Page("case study", "virtual-clinics", "Virtual clinics", "case-studies/virtual-clinics/",
                      ("London",), ("Long-term conditions", "Planned care"), ("Innovation",)))
    return cat


def entry(t: float, *, path: str = LONG, status: int = 200, sent: int = 1_000_000, method: str = "GET",
          addr: str = "198.51.100.7", ua: str = APPLE, rng: str = "", content_range: str = "") -> str:
    return json.dumps({"time": dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat(), "msec": t,
                       "addr": addr, "method": method, "path": "/portal/" + path, "status": status,
                       "bytes": sent, "range": rng, "content_range": content_range, "ua": ua,
                       "referrer": "", "completion": "OK"})


def part(t: float, start: int, stop: int, *, size: int = 1_000_000, **kw) -> str:
    """A 206 for bytes start..stop (inclusive), all sent."""
    return entry(t, status=206, sent=stop - start + 1, rng=f"bytes={start}-{stop}",
                 content_range=f"bytes {start}-{stop}/{size}", **kw)


def run(tmp_path, *lines: str, name: str = "access.log", db=None, **options):
    log = tmp_path / name
    log.write_text("".join(line + "\n" for line in lines))
    db = db or tmp_path / "stats.sqlite"
    summary = count_logs([log], db, catalogue(), **options)
    return summary, downloads(db)


def downloads(db) -> dict:
    with sqlite3.connect(db) as conn:
        return {(day, ep, app): n for day, ep, app, n in
                conn.execute("SELECT day, episode, app, SUM(count) FROM downloads GROUP BY day, episode, app")}


def total(found: dict) -> int:
    return sum(found.values())


def test_a_full_get_counts_once_per_listener_per_day(tmp_path):
    _, found = run(tmp_path, entry(DAY1), entry(DAY1 + 60), entry(DAY1 + 3600))
    assert found == {("2026-03-02", "long", "Apple Podcasts"): 1}


def test_ranges_that_add_up_to_the_threshold_count(tmp_path):
    lines = [part(DAY1, 0, 99_999), part(DAY1 + 5, 100_000, 199_999), part(DAY1 + 9, 200_000, 249_999)]
    assert total(run(tmp_path, *lines)[1]) == 1


def test_ranges_that_do_not_add_up_do_not_count(tmp_path):
    # 240,000 distinct bytes: the same range fetched again adds nothing.
    lines = [part(DAY1, 0, 119_999), part(DAY1 + 5, 0, 119_999), part(DAY1 + 9, 120_000, 239_999)]
    assert total(run(tmp_path, *lines)[1]) == 0


def test_only_the_bytes_actually_sent_count(tmp_path):
    # The listener asked for 300,000 bytes twice but each connection closed after 100,000.
    cut = [entry(DAY1 + i, status=206, sent=100_000, rng="bytes=0-299999", content_range="bytes 0-299999/1000000")
           for i in range(2)]
    assert total(run(tmp_path, *cut)[1]) == 0
    whole = entry(DAY1 + 5, status=206, sent=300_000, rng="bytes=0-299999", content_range="bytes 0-299999/1000000")
    assert total(run(tmp_path, whole)[1]) == 1


def test_probes_head_and_304_never_count(tmp_path):
    lines = [part(DAY1 + i, 0, 1) for i in range(300)]
    lines += [entry(DAY1, method="HEAD", sent=0), entry(DAY1, status=304, sent=0)]
    summary, found = run(tmp_path, *lines)
    assert found == {}
    assert summary.excluded == {"bytes=0-1 probe": 300, "HEAD request": 1, "304 Not Modified": 1}


def test_a_bot_is_excluded_and_apps_are_attributed(tmp_path):
    lines = [entry(DAY1, ua="Googlebot/2.1 (+http://www.google.com/bot.html)"),
             entry(DAY1, ua=SPOTIFY, addr="203.0.113.1"), entry(DAY1, ua=BROWSER, addr="203.0.113.2")]
    summary, found = run(tmp_path, *lines)
    assert found == {("2026-03-02", "long", "Spotify"): 1, ("2026-03-02", "long", "Chrome"): 1}
    assert summary.excluded == {"bot": 1}


def test_apple_watch_downloads_are_removed(tmp_path):
    watch = "atc/1.0 watchOS/10.0 model/Watch6,1 hwp/t8301 build/21R360 (6; dt:245)"
    core = "AppleCoreMedia/1.0.0.21R360 (Apple Watch; U; CPU OS 10_0 like Mac OS X; en_gb)"
    summary, found = run(tmp_path, entry(DAY1), entry(DAY1 + 30, ua=watch), entry(DAY1 + 40, ua=core))
    assert found == {("2026-03-02", "long", "Apple Podcasts"): 1}
    assert summary.excluded.get("Apple Watch", 0) + summary.excluded.get("bot", 0) == 2


def test_two_ipv6_addresses_in_one_64_are_one_listener(tmp_path):
    lines = [entry(DAY1, addr="2001:db8:1:2::10"), entry(DAY1 + 5, addr="2001:db8:1:2:aaaa::1"),
             entry(DAY1 + 9, addr="2001:db8:1:3::10")]
    assert total(run(tmp_path, *lines)[1]) == 2
    assert network_of("2001:db8:1:2::10") == network_of("2001:0db8:0001:0002:ffff::1")
    assert network_of("::ffff:192.0.2.1") == "192.0.2.1"


def test_a_request_before_publication_is_excluded(tmp_path):
    summary, found = run(tmp_path, entry(PUBLISHED - 1), entry(PUBLISHED - 7200, addr="192.0.2.9"))
    assert found == {} and summary.excluded == {"before publication": 2}


def test_a_listener_across_midnight(tmp_path):
    midnight = dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc).timestamp()
    # A full download either side of midnight: one download on each UTC day.
    _, found = run(tmp_path, entry(midnight - 60), entry(midnight + 60))
    assert found == {("2026-03-02", "long", "Apple Podcasts"): 1, ("2026-03-03", "long", "Apple Podcasts"): 1}
    # Ranges split by midnight do not add up: the window is the UTC day.
    lines = [part(midnight - 30, 0, 199_999, addr="192.0.2.50"), part(midnight + 30, 200_000, 399_999, addr="192.0.2.50")]
    _, found = run(tmp_path, *lines, name="second.log", db=tmp_path / "other.sqlite")
    assert found == {}


def test_an_episode_shorter_than_a_minute_needs_the_whole_file(tmp_path):
    almost = [part(DAY1, 0, 38_999, size=40_000, path=SHORT)]
    assert total(run(tmp_path, *almost)[1]) == 0
    whole = almost + [part(DAY1 + 5, 39_000, 39_999, size=40_000, path=SHORT)]
    assert total(run(tmp_path, *whole, name="b.log", db=tmp_path / "b.sqlite")[1]) == 1


def test_the_same_log_read_twice_counts_nothing_twice(tmp_path):
    lines = [entry(DAY1), part(DAY1, 0, 149_999, addr="192.0.2.3"), part(DAY1 + 1, 150_000, 299_999, addr="192.0.2.3"),
             part(DAY1, 0, 149_999, addr="192.0.2.4")]
    first, found = run(tmp_path, *lines)
    assert total(found) == 2 and first.downloads == 2
    again, found = run(tmp_path, *lines)
    assert total(found) == 2 and again.downloads == 0
    # An overlapping rotated log brings the rest of 192.0.2.4's ranges: counted once, now.
    rotated = lines[-1:] + [part(DAY1 + 2, 150_000, 299_999, addr="192.0.2.4")]
    _, found = run(tmp_path, *rotated, name="access.log.1")
    assert total(found) == 3


def test_a_gz_log_reads_like_a_plain_one(tmp_path):
    log = tmp_path / "access.log.2.gz"
    with gzip.open(log, "wt") as handle:
        handle.write(entry(DAY1) + "\n" + entry(DAY1, addr="192.0.2.77", ua=SPOTIFY) + "\n")
    count_logs([log], tmp_path / "stats.sqlite", catalogue())
    assert total(downloads(tmp_path / "stats.sqlite")) == 2


def test_combined_format_counts_206_by_bytes_sent(tmp_path):
    stamp = "02/Mar/2026:10:00:00 +0000"
    lines = [f'192.0.2.8 - - [{stamp}] "GET /portal/{LONG} HTTP/1.1" 206 2 "-" "{APPLE}"',
             f'192.0.2.8 - - [{stamp}] "GET /portal/{LONG} HTTP/1.1" 206 130000 "-" "{APPLE}"',
             f'192.0.2.8 - - [02/Mar/2026:10:00:05 +0000] "GET /portal/{LONG} HTTP/1.1" 206 130000 "-" "{APPLE}"',
             f'192.0.2.9 - - [{stamp}] "HEAD /portal/{LONG} HTTP/1.1" 200 0 "-" "{APPLE}"']
    summary, found = run(tmp_path, *lines)
    assert found == {("2026-03-02", "long", "Apple Podcasts"): 1}
    assert summary.read.combined == 4 and summary.excluded == {"bytes=0-1 probe": 1, "HEAD request": 1}


def test_reads_are_human_page_views_per_reader_per_day(tmp_path):
    page = "case-studies/virtual-clinics/"
    lines = [entry(DAY1, path=page, ua=BROWSER, sent=2000), entry(DAY1 + 9, path=page + "index.html", ua=BROWSER),
             entry(DAY1, path=page, ua=BROWSER, addr="192.0.2.60", status=304, sent=0),
             entry(DAY1, path=page, ua="Googlebot/2.1 (+http://www.google.com/bot.html)"),
             entry(DAY1, path=page, ua="curl/8.5.0", addr="192.0.2.61"),
             entry(DAY1, path=page, ua="Go-http-client/1.1", addr="192.0.2.62")]  # a library, not a reader
    run(tmp_path, *lines)
    with sqlite3.connect(tmp_path / "stats.sqlite") as conn:
        assert conn.execute("SELECT day, kind, slug, count FROM reads").fetchall() == [
            ("2026-03-02", "case study", "virtual-clinics", 2)]
        assert set(conn.execute("SELECT facet, term FROM item_terms WHERE slug = 'virtual-clinics'")) == {
            ("region", "London"), ("pathway", "Long-term conditions"), ("pathway", "Planned care"),
            ("competency", "Innovation")}


def test_closed_days_keep_no_listener_state_and_skip_late_lines(tmp_path):
    later = DAY1 + 5 * 86400
    summary, found = run(tmp_path, entry(DAY1), part(DAY1, 0, 9, addr="192.0.2.5"), entry(later))
    assert summary.closed == ["2026-03-02"] and summary.open == ["2026-03-07"]
    with sqlite3.connect(tmp_path / "stats.sqlite") as conn:
        for table in ("open_counted", "open_ranges", "open_days"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE day = '2026-03-02'").fetchone() == (0,)
    again, found = run(tmp_path, entry(DAY1, addr="192.0.2.200"))
    assert total(found) == 2 and again.excluded == {"on a day already closed": 1}
    run(tmp_path, close_all=True)
    with sqlite3.connect(tmp_path / "stats.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM open_counted").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM open_days").fetchone() == (0,)


def test_the_database_holds_no_address_or_user_agent(tmp_path):
    lines = [entry(DAY1, addr="198.51.100.99", ua=SPOTIFY), part(DAY1, 0, 99, addr="2001:db8:9:9::1", ua=BROWSER)]
    run(tmp_path, *lines)
    raw = (tmp_path / "stats.sqlite").read_bytes()
    for secret in ("198.51.100.99", "2001:db8:9:9", "2001:0db8:0009:0009", SPOTIFY, BROWSER, "Pixel 8"):
        assert secret.encode() not in raw


def test_the_threshold_comes_from_the_audio(tmp_path):
    audio = tmp_path / "ep.mp3"
    frames = 5000  # 130 s at 32 kbit/s
    audio.write_bytes(silent_mp3(frames))
    tag_mp3(audio, title="Threshold")
    data = audio.read_bytes()
    tag_end = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(data[6:10])) + 10
    size, needed = audio_threshold(audio)
    assert size == len(data) and tag_end > 10
    # One minute of this audio is 60 s / (1152 / 44100 s a frame) frames of FRAME bytes.
    assert needed == pytest.approx(tag_end + 60 * RATE / SAMPLES * FRAME, abs=FRAME)
    assert threshold(50_000, 1000, 32000, 59.0) == 50_000


def test_rotated_logs_given_newest_first_are_read_oldest_first(tmp_path):
    old, new = tmp_path / "access.log.1", tmp_path / "access.log"
    old.write_text(entry(DAY1) + "\n")
    new.write_text(entry(DAY1 + 6 * 86400) + "\n")
    summary = count_logs([new, old], tmp_path / "stats.sqlite", catalogue())
    assert total(downloads(tmp_path / "stats.sqlite")) == 2 and summary.closed == ["2026-03-02"]


def test_lines_that_are_not_log_lines_are_reported_not_lost(tmp_path):
    summary, found = run(tmp_path, entry(DAY1), '{"time": "broken', "GET / HTTP/1.1", "",
                         entry(DAY1, addr="192.0.2.90").replace('"msec"', '"msec"  '))
    assert total(found) == 2  # the last one is valid JSON in another spacing: decoded, not matched
    assert summary.read.bad == 2 and summary.read.lines == 4
    assert "access.log line 2: not a complete JSON log record (" in summary.read.examples[0]
    assert "line 3: neither a JSON log record nor a combined-format line" in summary.read.examples[1]


def test_listener_state_of_closed_days_leaves_memory_while_streaming(tmp_path):
    from cln_portal.stats import store
    from cln_portal.stats.count import Counter
    from cln_portal.stats.logs import read

    log = tmp_path / "month.log"
    log.write_text("".join(entry(DAY1 + day * 86400 + n, addr=f"192.0.2.{n}") + "\n"
                           for day in range(10) for n in range(5)))
    db = store.connect(tmp_path / "stats.sqlite")
    counter, most = Counter(db, catalogue(), grace_days=2), 0
    for request, target in read(log, select=catalogue().select):
        counter.add(request, target)
        most = max(most, len(counter.days))
    assert most == 3 and len(counter.dropped) == 7
    assert counter.save() == [f"2026-03-{d:02d}" for d in range(2, 9)]
    assert store.open_days(db) == ["2026-03-09", "2026-03-10", "2026-03-11"]
