"""Front matter: the YAML block at the top of a Markdown file, read the way contributors write it.

Files come from web editors and word processors: a byte order mark, Windows line endings or a
legacy encoding must give either the right content or a clear message, never a traceback.
Dates stay strings here so that an impossible date (2026-13-40) is reported by the field's own
validator with the file and field named, instead of crashing the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text and remembers the line of each top-level key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A Markdown file split into its metadata and body."""

    path: Path
    meta: dict
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line
    body_line: int = 1  # line where the body starts

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 (with or without BOM), with Windows or Unix line endings."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, f"cannot be read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                display,
                f"is not UTF-8 text (byte {exc.start}); save it as UTF-8 in your editor "
                "(in most editors: Save As, Encoding: UTF-8)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Split text into front matter and body; problems name the file and the line."""
    if not text.startswith("---\n") and text.strip() != "---":
        return Document(path, {}, text), []
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("", "\n"):
        end = text.find("\n---", end + 4)
    if end == -1:
        return None, [
            Problem(display, "front matter starts with '---' but has no closing '---' line", line=1)
        ]
    block = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = block.count("\n") + 3
    try:
        node = yaml.compose(block, Loader=_Loader)
        meta = yaml.load(block, Loader=_Loader) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [
            Problem(
                display,
                f"front matter is not valid YAML ({reason}); check indentation, and quote values "
                "that contain a colon",
                line=line,
            )
        ]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        kind = type(meta).__name__.replace("str", "text").replace("list", "a list")
        return None, [
            Problem(
                display,
                f"front matter must be 'field: value' lines, not {kind}",
                line=2,
            )
        ]
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    meta = {str(k): v for k, v in meta.items()}
    return Document(path, meta, body, key_lines, body_line), []


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and split a Markdown file; on failure return no document and the problems."""
    display = display or path.as_posix()
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(text, path, display)
