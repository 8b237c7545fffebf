"""``make verify URL=https://...``: check a published portal as Apple's and Spotify's crawlers will.

Fetches every feed (those the home page and the podcast page link with ``<link rel="alternate">``,
the known feed addresses, and every archive page they link with ``rel="next"``), then:

- each feed's ``atom:link rel="self"`` is the address it was fetched from;
- every enclosure and artwork answers a HEAD and a byte-range GET: status 200 then 206, a
  Content-Range, the length the feed states (enclosures) or the file's (artwork), the right
  Content-Type (the enclosure's ``type``; image/jpeg or image/png as the bytes are);
- artwork is square, 1400 to 3000 pixels;
- transcripts and chapters are served with the type the feed gives them.

One line per problem; exit status 1 on any. Standard library only (urllib), no MkDocs::

    python -m cln_portal verify https://nhs-cln.github.io/portal/
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..podcast import artwork as artwork_rules

ATOM = "{http://www.w3.org/2005/Atom}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
#: Where the portal publishes feeds, besides those its pages link (relative to the site's address).
KNOWN_FEEDS = ("podcast/feed.xml", "columns/feed.xml")
#: Pages whose <link rel="alternate"> name feeds.
FEED_PAGES = ("", "podcast/")
#: Types a server may send for a type the feed declares (no registry knows json+chapters).
ALSO_ACCEPTED = {"application/json+chapters": {"application/json"}}
USER_AGENT = "CLN portal verify (like a podcast directory's crawler)"
TIMEOUT = 30
RANGE = (0, 1023)  # the first KiB, as players ask before streaming


@dataclass
class Response:
    status: int | None  # None: no answer at all
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def mime(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()


def fetch(url: str, method: str = "GET", headers: dict | None = None, timeout: float = TIMEOUT,
          limit: int | None = None) -> Response:
    """One request; ``limit``: read at most that many bytes of the body (a server that ignores
    Range would otherwise send the whole audio file)."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = b"" if method == "HEAD" else answer.read() if limit is None else answer.read(limit)
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, body)
    except urllib.error.HTTPError as exc:
        return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, b"", f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Response(None, error=str(getattr(exc, "reason", exc)))


class _FeedLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and "alternate" in (values.get("rel") or "").split() \
                and values.get("type") in ("application/rss+xml", "application/atom+xml") and values.get("href"):
            self.hrefs.append(values["href"])


def discover(base: str, problems: list[str]) -> list[str]:
    """Feed addresses the site names, in order, each once."""
    found: list[str] = []
    for path in FEED_PAGES:
        page = urllib.parse.urljoin(base, path)
        answer = fetch(page)
        if answer.status != 200:
            if path == "":
                problems.append(f"{page}: the home page answered {answer.status or answer.error}")
            continue
        parser = _FeedLinks()
        parser.feed(answer.body.decode("utf-8", "replace"))
        found += [urllib.parse.urljoin(page, href) for href in parser.hrefs]
    for path in KNOWN_FEEDS:
        url = urllib.parse.urljoin(base, path)
        if url not in found and fetch(url, "HEAD").status == 200:
            found.append(url)
    return list(dict.fromkeys(found))


class Verifier:
    """Every check of one published site; ``problems`` gets one line per problem."""

    def __init__(self, base: str):
        self.base = base if base.endswith("/") else base + "/"
        self.problems: list[str] = []
        self.checked: set[str] = set()
        self.feeds = 0

    def problem(self, url: str, message: str) -> None:
        self.problems.append(f"{url}: {message}")

    def run(self) -> list[str]:
        queue = discover(self.base, self.problems)
        if not queue and not self.problems:
            self.problem(self.base, "no feed found (no <link rel=\"alternate\"> on the home or podcast "
                                    f"page, nothing at {', '.join(KNOWN_FEEDS)})")
        seen: set[str] = set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            queue += self.feed(url)
        return self.problems

    def feed(self, url: str) -> list[str]:
        """Check one feed document; return the archive pages it links."""
        answer = fetch(url)
        if answer.status != 200:
            self.problem(url, f"the feed answered {answer.status or answer.error}, not 200")
            return []
        self.feeds += 1
        try:
            channel = ET.fromstring(answer.body).find("channel")
        except ET.ParseError as exc:
            self.problem(url, f"is not well-formed XML ({exc})")
            return []
        if channel is None:
            self.problem(url, "is not an RSS feed (no <channel>)")
            return []
        links = {link.get("rel"): link.get("href") for link in channel.iter(f"{ATOM}link")}
        if links.get("self") != url:
            self.problem(url, f"its atom:link rel=\"self\" is {links.get('self')!r}, not the address it is "
                              "served at; apps would subscribe elsewhere (check site_url in mkdocs.yml)")
        for image in [channel.find(f"{ITUNES}image")] + [i.find(f"{ITUNES}image") for i in channel.iter("item")]:
            if image is not None and image.get("href"):
                self.artwork(image.get("href"))
        for item in channel.iter("item"):
            enclosure = item.find("enclosure")
            if enclosure is not None:
                self.enclosure(enclosure.get("url", ""), enclosure.get("length", ""), enclosure.get("type", ""))
            for tag in ("transcript", "chapters"):
                for element in item.iter(f"{PODCAST}{tag}"):
                    self.typed(element.get("url", ""), element.get("type", ""), tag)
        return [urllib.parse.urljoin(url, links["next"])] if links.get("next") else []

    def _once(self, url: str) -> bool:
        if url in self.checked:
            return False
        self.checked.add(url)
        return True

    def ranges(self, url: str, mime: str | None, length: int | None) -> Response | None:
        """HEAD and a byte-range GET; the HEAD's answer when both are right, else None."""
        head = fetch(url, "HEAD")
        if head.status != 200:
            self.problem(url, f"HEAD answered {head.status or head.error}, not 200")
            return None
        size = head.header("content-length")
        if length is not None and size != str(length):
            self.problem(url, f"HEAD gives Content-Length {size or 'none'}, the feed says length=\"{length}\"")
        if mime and head.mime != mime:
            self.problem(url, f"served as {head.mime or 'no type'}, the feed says {mime}")
        part = fetch(url, headers={"Range": f"bytes={RANGE[0]}-{RANGE[1]}"}, limit=RANGE[1] + 1)
        if part.status != 206:
            self.problem(url, f"a byte-range GET answered {part.status or part.error}, not 206: the server "
                              "ignores Range, which Apple requires (players cannot seek without it)")
            return None
        total = part.header("content-range").rpartition("/")[2]
        if not part.header("content-range").startswith("bytes "):
            self.problem(url, "a byte-range GET answered 206 without a Content-Range")
        elif length is not None and total != str(length):
            self.problem(url, f"Content-Range gives the length {total}, the feed says length=\"{length}\"")
        if mime and part.mime != mime:
            self.problem(url, f"a byte-range GET served it as {part.mime or 'no type'}, not {mime}")
        return head

    def enclosure(self, url: str, length: str, mime: str) -> None:
        if not url or not self._once(url):
            return
        if not length.isdigit():
            self.problem(url, f"the enclosure's length {length!r} is not a number of bytes")
        self.ranges(url, mime, int(length) if length.isdigit() else None)

    def artwork(self, url: str) -> None:
        if not self._once(url):
            return
        whole = fetch(url)
        if whole.status != 200:
            self.problem(url, f"the artwork answered {whole.status or whole.error}, not 200")
            return
        info = artwork_rules.inspect(whole.body)
        if info is None:
            self.problem(url, "the artwork is neither a JPEG nor a PNG")
        elif info.width != info.height or not artwork_rules.MIN_SIZE <= info.width <= artwork_rules.MAX_SIZE:
            self.problem(url, f"the artwork is {info.width}x{info.height} pixels; Apple wants it square, "
                              f"{artwork_rules.MIN_SIZE} to {artwork_rules.MAX_SIZE} pixels")
        self.ranges(url, info.mime if info else None, len(whole.body))

    def typed(self, url: str, mime: str, what: str) -> None:
        if not url or not self._once(url):
            return
        answer = fetch(url, "HEAD")
        if answer.status != 200:
            self.problem(url, f"the {what} answered {answer.status or answer.error}, not 200")
        elif answer.mime != mime and answer.mime not in ALSO_ACCEPTED.get(mime, ()):
            self.problem(url, f"the {what} is served as {answer.mime or 'no type'}, the feed says {mime}")


def verify(url: str) -> tuple[list[str], Verifier]:
    verifier = Verifier(url)
    return verifier.run(), verifier


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="the published portal's address, e.g. https://nhs-cln.github.io/portal/")
    parser.set_defaults(run=command_verify)


def command_verify(args) -> int:
    if not args.url.startswith(("http://", "https://")):
        print(f"ERROR: {args.url!r} is not a web address; give the published portal's, e.g. "
              "make verify URL=https://nhs-cln.github.io/portal/", file=sys.stderr)
        return 2
    problems, verifier = verify(args.url)
    for line in problems:
        print(line)
    print(f"Checked {verifier.feeds} feed{'s' if verifier.feeds != 1 else ''} and {len(verifier.checked)} "
          f"files: {len(problems) or 'no'} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cln_portal.commands.verify",
                                     description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
