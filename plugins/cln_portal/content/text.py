"""Plain text and links from contributors and audio tags, made safe to publish."""

from __future__ import annotations

import difflib
import re
import unicodedata
from urllib.parse import urlsplit

# Characters XML 1.0 cannot carry (and that HTML forbids): C0 controls but tab/newline/CR,
# surrogates and the two non-characters U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_controls(value: str) -> str:
    """``value`` without the characters XML and HTML cannot carry; everything else kept as is."""
    return _XML_ILLEGAL.sub("", value)


def clean_text(value: object) -> str:
    """Text that can go into XML and HTML: illegal control characters removed, ends stripped."""
    return strip_controls(str(value)).strip()


def slugify(value: str) -> str:
    """A URL slug from a title or vocabulary term: 'NHS North West' -> 'nhs-north-west'."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    value = value.replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


SAFE_SCHEMES = ("http", "https", "mailto")


def is_safe_url(url: str) -> bool:
    """Only http(s), mailto and relative links may reach a page; never javascript: or data:."""
    url = clean_text(url)
    # Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    # They also read a backslash as a slash in web addresses: \\evil.example is //evil.example.
    compact = re.sub(r"[\s\x00-\x20]", "", url).replace("\\", "/")
    scheme = urlsplit(compact).scheme.lower()
    if not scheme:
        return not compact.startswith("//")
    return scheme in SAFE_SCHEMES


def did_you_mean(value: str, known, otherwise: str = "", cutoff: float = 0.6) -> str:
    """'; did you mean \'x\'?' for the closest of ``known``, or ``otherwise`` when none is close."""
    hint = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return f"; did you mean {hint[0]!r}?" if hint else otherwise
