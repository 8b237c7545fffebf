"""The portal's nginx configuration, rendered for one built site, address and URL prefix.

The template (``nginx.conf.template`` beside this file) holds everything about serving: types,
byte ranges, compression, caching, the 404 page, the JSON access log that ``cln stats`` reads.
This module fills in the paths, and the Content-Security-Policy, whose script hashes come from
the built site itself: Material writes two small inline scripts into every page (the base URL,
which differs with the page's depth, and the tab restore), so the policy lists the SHA-256 of
each inline script found in ``site/`` and allows nothing else inline. Render again after each
build (``make serve-site`` does): a changed inline script would otherwise be blocked.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).with_name("nginx.conf.template")

#: <script> elements without src whose type runs as JavaScript (JSON data blocks do not).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
_HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}

#: Browser features no page of the portal uses: denied to every page and anything it embeds.
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(self), camera=(), display-capture=(), "
                      "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), "
                      "usb=(), browsing-topics=()")

#: Cache-Control by kind of file (see README, Publishing).
CACHE = {
    "html": "public, max-age=300",  # pages and the 404 page: five minutes
    "feed": "public, max-age=300",  # feeds, chapters, transcripts, search index, sitemap
    "audio": "public, max-age=2592000",  # 30 days: an episode's audio keeps its URL
    "immutable": "public, max-age=31536000, immutable",  # names carry a hash of the content
    "asset": "public, max-age=3600",  # the portal's own scripts and styles, unhashed names
}


class SiteError(Exception):
    """The site folder cannot be served: says which file and what to do."""


@dataclass(frozen=True)
class Policy:
    csp: str
    script_hashes: tuple[str, ...]
    style_hashes: tuple[str, ...] = ()


def inline_scripts(html: str) -> list[str]:
    """The bodies of the page's inline scripts that a browser would run."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match[1], match[2]
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") in _JS_TYPES:
            found.append(body)
    return found


def sha256_source(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def policy_for(site_dir: Path) -> Policy:
    """The CSP for a built site: only the site itself, plus the hash of each inline script.

    'wasm-unsafe-eval' lets the search (Pagefind) compile its WebAssembly, which it loads from the
    site; data: images are Material's icons, written into its stylesheet. Inline styles and event
    handler attributes are refused: a page that has one is an error here, not a silent breakage.
    <style> elements are allowed by their hashes, like scripts.
    """
    hashes: set[str] = set()
    styles: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        for body in inline_scripts(html):
            hashes.add(sha256_source(body))
        for match in _STYLE.finditer(html):
            styles.add(sha256_source(match[1]))
        for pattern, what in ((_STYLE_ATTR, "a style attribute"), (_HANDLER, "an inline event handler")):
            match = pattern.search(html)
            if match:
                line = html.count("\n", 0, match.start()) + 1
                raise SiteError(f"{page}: line {line} has {what}, which the Content-Security-Policy "
                                "(style-src/script-src 'self') blocks; move it into a .css or .js file")
    ordered, ordered_styles = tuple(sorted(hashes)), tuple(sorted(styles))
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'" + "".join(f" {h}" for h in ordered),
        "style-src 'self'" + "".join(f" {h}" for h in ordered_styles),
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return Policy("; ".join(directives), ordered, ordered_styles)


def prefix_of(site_dir: Path) -> str:
    """The URL path the site was built for (site_url's path), from its own sitemap: '/portal/'."""
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        match = re.search(r"<loc>\s*([^<\s]+)", sitemap.read_text(encoding="utf-8", errors="replace"))
        if match:
            return normal_prefix(urlsplit(match[1]).path)
    return "/"


def normal_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/") + "/"
    return "/" if prefix == "//" else prefix


def _headers(cache: str, policy: Policy, indent: str = "            ") -> str:
    lines = [
        f'add_header Cache-Control "{cache}" always;',
        f'add_header Content-Security-Policy "{policy.csp}" always;',
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "same-origin" always;',
        f'add_header Permissions-Policy "{PERMISSIONS_POLICY}" always;',
    ]
    return "\n".join(indent + line for line in lines)


def _current_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


@dataclass
class Rendered:
    text: str
    root: Path  # the folder nginx serves as /
    policy: Policy


def render(site_dir: Path, runtime_dir: Path, *, port: int = 8080, host: str = "127.0.0.1",
           prefix: str | None = None, access_log: Path | None = None, foreground: bool = True,
           server_name: str = "_", user: str | None = None) -> Rendered:
    """The configuration for ``site_dir`` served at http://host:port{prefix}.

    Everything nginx writes goes under ``runtime_dir``; with a prefix other than '/', nginx's root
    is ``runtime_dir/root``, holding one link named after the prefix to the site folder (so
    directory redirects and the 404 page keep the prefix without any rewriting).
    ``user``: the account nginx's worker runs as when started by root (default: root's own
    session keeps reading what it built; on a server pass e.g. ``www-data``).
    """
    site_dir = Path(site_dir).resolve()
    runtime_dir = Path(runtime_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise SiteError(f"{site_dir} has no index.html; build the site first (make build)")
    if not (site_dir / "404.html").is_file():
        raise SiteError(f"{site_dir} has no 404.html; build the site with `make build`")
    prefix = normal_prefix(prefix) if prefix is not None else prefix_of(site_dir)
    if not re.fullmatch(r"/([A-Za-z0-9._~-]+/)*", prefix):
        raise SiteError(f"prefix {prefix!r}: use letters, digits, '.', '_', '~' and '-' between slashes")
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (runtime_dir / name).mkdir(parents=True, exist_ok=True)
    if prefix == "/":
        root, note = site_dir, "served as it is"
    else:
        root = runtime_dir / "root"
        link = root / prefix.strip("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(site_dir, target_is_directory=True)
        note = f"{root} holds {prefix.strip('/')} -> {site_dir}"
    policy = policy_for(site_dir)
    values = {
        "site_dir": str(site_dir),
        "runtime_dir": str(runtime_dir),
        "root": str(root),
        "root_note": note,
        "prefix": prefix,
        "prefix_re": re.escape(prefix),
        "listen": f"{host}:{port}" if ":" not in host else f"[{host}]:{port}",
        "server_name": server_name,
        "access_log": str(access_log or runtime_dir / "access.log"),
        "daemon": "daemon off;" if foreground else "",
        "user": f"user {user or _current_user()};" if (user or os.geteuid() == 0) else "",
    }
    for kind, cache in CACHE.items():
        values[f"headers_{kind}"] = _headers(cache, policy)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.search(r"\{\{\w+\}\}", text)
    if left:  # a template placeholder this renderer does not know: never write half a config
        raise SiteError(f"{TEMPLATE.name}: unknown placeholder {left[0]}")
    return Rendered(text, root, policy)
