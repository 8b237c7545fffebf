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

from .problems import Problem
from .text import clean_text, strip_controls

#: Larger Markdown files are mistakes (a pasted export, a binary renamed .md) and slow every build.
MAX_BYTES = 2_000_000
#: Deeper YAML is never real front matter, and would exhaust Python's recursion limit.
MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text and remembers the line of each top-level key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, on libyaml: ten times faster, which matters with thousands of case studies.
    Its error messages are terser, so a file it rejects is parsed again by ``_Loader``."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


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
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(display, f"is {size / 1_000_000:.1f} MB; a Markdown file may be at most "
                        f"{MAX_BYTES // 1_000_000} MB: split it, or link large material as a download")
            ]
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Control characters pasted from word processors would break the feeds' XML: drop them.
    return strip_controls(text), []


def parse(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Split text into front matter and body; problems name the file and the line."""
    text = strip_controls(text)
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
    loader = _FastLoader(block)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
            loader = _Loader(block)  # its messages say more ("mapping values are not allowed here")
            node = loader.get_single_node()
        problems = _structure_problems(node, display)
        if problems:
            return None, problems
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        lines = text.split("\n")
        near = [n for n in (line, line - 1) if 0 < n <= len(lines)  # a tab in the indentation
                and "\t" in lines[n - 1][:len(lines[n - 1]) - len(lines[n - 1].lstrip())]]
        if near or "'\\t'" in reason:
            line = near[0] if near else line
            return None, [Problem(display, "front matter has a tab character in its indentation; YAML is "
                                           "indented with spaces only: replace the tab with spaces", line=line)]
        return None, [
            Problem(
                display,
                f"front matter is not valid YAML ({reason}); check indentation, and quote values "
                "that contain a colon",
                line=line,
            )
        ]
    except RecursionError:
        return None, [Problem(display, f"front matter is nested more than {MAX_DEPTH} levels deep; "
                              "use 'field: value' lines and simple lists", line=2)]
    finally:
        loader.dispose()
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
    meta = {clean_text(k): _clean(v) for k, v in meta.items()}
    return Document(path, meta, body, key_lines, body_line), []


def read(path: Path, display: str) -> tuple[str | None, Document | None, list[Problem]]:
    """Read and split a Markdown file, keeping its cleaned text for callers that quote lines."""
    text, problems = read_text(path, display)
    if text is None:
        return None, None, problems
    doc, problems = parse(text, path, display)
    return text, doc, problems


def load(path: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and split a Markdown file; on failure return no document and the problems."""
    _, doc, problems = read(path, display or path.as_posix())
    return doc, problems


def _structure_problems(node, display: str) -> list[Problem]:
    """Front matter YAML features that silently lose or multiply data: repeated keys, aliases."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [(node, 0)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if id(current) in seen:
            problems.append(Problem(display, "front matter uses a YAML alias (*name); write the value "
                                    "out in full instead", line=current.start_mark.line + 2))
            break
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise RecursionError
        if isinstance(current, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in current.value:
                line = key.start_mark.line + 2
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    problems.append(Problem(display, f"{key.value!r} is given twice (lines {keys[key.value]} "
                                            f"and {line}); keep one", field=key.value, line=line))
                elif isinstance(key, yaml.ScalarNode):
                    keys[key.value] = line
                stack += [(key, depth + 1), (value, depth + 1)]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in current.value]
    return problems


def _clean(value):
    """Strings from YAML escapes ("\\x0b", "\\ud800") cleaned like the file's own text."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: _clean(v) for k, v in value.items()}
    return value
