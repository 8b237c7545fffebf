"""Make Pagefind's bundle byte-identical between two builds of one commit.

Pagefind 1.5 writes each filter's values, and the list of filters, in hash-map order, which
changes on every run; the rest of the bundle is already reproducible. The filter chunks and the
index's metadata file that names them are small CBOR documents: this rewrites them in sorted
order, names them by their content as Pagefind does (``en_<hash>``) and points
``pagefind-entry.json`` at the new metadata file. The data are unchanged, only reordered; the
e2e tests search the rewritten bundle. A bundle that is not laid out as expected is left as it is
(a :class:`ValueError` says why), since the only cost then is a larger upload.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def decode(data: bytes, at: int = 0):
    """One CBOR item at ``at`` (the kinds Pagefind writes): (value, where the next item starts)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError(f"unexpected CBOR item {head:#x}")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        raw = data[at:at + n]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unexpected CBOR major type {major}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 << (info - 24)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(f"integer too large: {n}")


def encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unexpected value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise ValueError(f"unexpected value {value!r}")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name}: trailing data")
    return value


def _packed(prefix: str, value, digits: int) -> tuple[str, bytes]:
    """``value`` as Pagefind writes a file, and its name (``<prefix><hash>``, by content)."""
    data = SIGNATURE + encode(value)
    return f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}", gzip.compress(data, compresslevel=9, mtime=0)


def canonicalise(bundle: Path) -> set[str]:
    """Rewrite ``bundle``'s filter chunks and metadata in sorted order (see the module's doc),
    and return the names of its filters. Everything is read and checked before the first file is
    written, so a bundle Pagefind laid out otherwise is left exactly as it was."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    writes: dict[Path, bytes] = {}
    removals: list[Path] = []
    names: set[str] = set()
    for language, info in entry["languages"].items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
            raise ValueError(f"{meta_file.name}: not laid out as Pagefind 1.5 lays it out")
        filters = []
        for name, chunk in meta[3]:
            chunk_file = bundle / "filter" / f"{chunk}.pf_filter"
            filter_name, values = _read(chunk_file)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            new, data = _packed(f"{language}_", [filter_name, values], 7)
            removals.append(chunk_file)
            writes[bundle / "filter" / f"{new}.pf_filter"] = data
            filters.append([name, new])
        meta[3] = sorted(filters)
        names.update(name for name, _ in filters)
        new, data = _packed(f"{language}_", meta, 10)
        removals.append(meta_file)
        writes[bundle / f"pagefind.{new}.pf_meta"] = data
        info["hash"] = new
    for path in removals:
        path.unlink()
    for path, data in writes.items():
        path.write_bytes(data)
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return names
