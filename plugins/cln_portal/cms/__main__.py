"""``python -m cln_portal.cms [--check] [--root DIR]``: write content/admin/config.yml, or (with
--check) fail when it is not what the vocabulary and the content models give."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content import vocabulary
from ..content.problems import ContentError
from .config import OUTPUT, VOCABULARY, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cln_portal.cms", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    args = parser.parse_args(argv)
    try:
        text = render(args.root, vocabulary.load(args.root / VOCABULARY, VOCABULARY))
    except ContentError as exc:
        print(f"Cannot generate {OUTPUT}:\n{exc.report()}", file=sys.stderr)
        return 1
    target = args.root / OUTPUT
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{OUTPUT} is out of date with the vocabulary or the content models: run `make cms` "
                  "and commit the result", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"Wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
