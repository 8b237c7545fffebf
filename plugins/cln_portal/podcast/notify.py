"""Telling apps a feed changed, after ``make publish``: WebSub hubs, the Podcast Index, podping.

Apps otherwise learn of a new episode only when they next poll the feed (hours). After a
successful publish, for every subscription feed of the built site (``podcast/feed.xml`` and each
series' feed, at the address in its own ``atom:link rel="self"``):

- each WebSub hub of show.yml's ``hubs:`` gets ``POST hub.mode=publish&hub.url=<feed>``;
- the Podcast Index gets ``GET <notify.podcast_index>?url=<feed>`` (its "pubnotify");
- with ``podping: true``, podping.cloud gets ``GET <notify.podping>?url=<feed>`` with the token
  from the environment variable ``PODPING_TOKEN`` (never in the repository) as Authorization.

A failed notification never fails the publish: it is reported, one line each, with what to do
(``make notify`` tries again). Standard library only (urllib), no MkDocs::

    python -m cln_portal.podcast.notify --site-dir site
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from . import show as show_mod

ATOM = "{http://www.w3.org/2005/Atom}"
TOKEN_VARIABLE = "PODPING_TOKEN"
USER_AGENT = "CLN knowledge portal (publish notification)"
TIMEOUT = 15  # seconds per request


@dataclass(frozen=True)
class Outcome:
    service: str  # "WebSub hub https://...", "Podcast Index", "podping"
    feed: str
    ok: bool
    detail: str  # "HTTP 204", or what went wrong and what to do

    def __str__(self) -> str:
        if self.ok:
            return f"Notified {self.service} of {self.feed} ({self.detail})"
        return f"WARNING: could not notify {self.service} of {self.feed}: {self.detail}"


def subscription_feeds(site: Path) -> list[str]:
    """The self addresses of the built site's subscription feeds (archive pages do not change)."""
    feeds = []
    for path in sorted((site / "podcast").rglob("feed.xml")):
        try:
            channel = ET.parse(path).getroot().find("channel")
        except (ET.ParseError, OSError):
            continue
        for link in channel.iter(f"{ATOM}link") if channel is not None else ():
            if link.get("rel") == "self" and link.get("href"):
                feeds.append(link.get("href"))
                break
    return feeds


def _send(request: urllib.request.Request, timeout: float) -> tuple[bool, str]:
    request.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return True, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
        return False, f"HTTP {exc.code}{': ' + body if body else ''}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, str(getattr(exc, "reason", exc))


def _with_feed(service: str, feed: str) -> str:
    """``service?url=<feed>``, keeping any query the service's address has."""
    return service + ("&" if "?" in service else "?") + urllib.parse.urlencode({"url": feed})


def notify(feeds: list[str], dist, environ=os.environ, timeout: float = TIMEOUT) -> list[Outcome]:
    """Notify every service ``dist`` (a :class:`.distribution.Distribution`) names, of every feed."""
    again = "the episode is published all the same and apps see it when they next poll; run `make notify` to try again"
    outcomes = []
    for feed in feeds:
        for hub in dist.hubs:
            body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed}).encode("ascii")
            request = urllib.request.Request(hub, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            ok, detail = _send(request, timeout)
            outcomes.append(Outcome(f"WebSub hub {hub}", feed, ok, detail if ok else
                                    f"{detail}; {again}, or check hubs: in podcasts/show.yml"))
        if dist.podcast_index_url:
            ok, detail = _send(urllib.request.Request(_with_feed(dist.podcast_index_url, feed)), timeout)
            outcomes.append(Outcome("the Podcast Index", feed, ok, detail if ok else f"{detail}; {again}"))
        if dist.podping and dist.podping_url:
            token = environ.get(TOKEN_VARIABLE, "").strip()
            if not token:
                outcomes.append(Outcome("podping", feed, False, f"no token: set {TOKEN_VARIABLE} in the environment "
                                        "of `make publish` (ask podping.cloud for one; never commit it), "
                                        f"then run `make notify`, or set podping: false in podcasts/show.yml"))
                continue
            request = urllib.request.Request(_with_feed(dist.podping_url, feed),
                                             headers={"Authorization": token})
            ok, detail = _send(request, timeout)
            outcomes.append(Outcome("podping", feed, ok, detail if ok else
                                    f"{detail}; check {TOKEN_VARIABLE}; {again}"))
    return outcomes


def run(root: Path, site: Path, podcasts_dir: str = "podcasts", environ=os.environ) -> tuple[list[str], bool]:
    """Notify for the site built in ``site``: (the lines to print, whether every notification worked)."""
    folder = root / podcasts_dir
    if not (folder / show_mod.SHOW_FILE).is_file():
        return [], True  # no podcast
    show, problems = show_mod.load(folder, podcasts_dir)
    errors = [p for p in problems if p.severity == "error"]
    if show is None or errors:
        return [f"WARNING: no publish notification sent: {p}" for p in errors] or \
            ["WARNING: no publish notification sent: the podcast settings could not be read"], False
    feeds = subscription_feeds(site)
    if not feeds:
        return [f"No podcast feed in {site}: no publish notification sent"], True
    outcomes = notify(feeds, show.distribution, environ)
    return [str(o) for o in outcomes], all(o.ok for o in outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", help="the built (and published) site")
    parser.add_argument("--podcasts-dir", default="podcasts", help="where show.yml is")
    args = parser.parse_args(argv)
    lines, ok = run(Path.cwd(), Path(args.site_dir), args.podcasts_dir)
    for line in lines:
        print(line, file=sys.stdout if line.startswith(("Notified", "No podcast")) else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
