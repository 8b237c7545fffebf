"""Update the vendored OPAWG user-agents-v2 data (plugins/cln_portal/stats/opawg/) from a checkout.

    python scripts/update_opawg.py /path/to/user-agents-v2            # its HEAD
    python scripts/update_opawg.py /path/to/user-agents-v2 --commit SHA

The checkout may be a work tree or a bare git directory. The JSON lists and the licence are read at
that commit with `git show` (never from uncommitted files), checked (every pattern compiles, every
entry has a name), and written with SOURCE.json recording the commit. Review the diff, run
`pytest tests/test_stats_agents.py`, then commit.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "plugins" / "cln_portal" / "stats" / "opawg"
LISTS = ("bots", "apps", "libraries", "browsers", "devices")


def git(checkout: Path, *args: str) -> bytes:
    result = subprocess.run(["git", f"--git-dir={git_dir(checkout)}", *args], capture_output=True)
    if result.returncode:
        raise SystemExit(f"ERROR: git {' '.join(args)} in {checkout}: {result.stderr.decode().strip()}")
    return result.stdout


def git_dir(checkout: Path) -> Path:
    return checkout / ".git" if (checkout / ".git").exists() else checkout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a clone of github.com/opawg/user-agents-v2")
    parser.add_argument("--commit", default="HEAD", help="the commit to take (default: HEAD)")
    args = parser.parse_args(argv)
    commit = git(args.checkout, "rev-parse", "--verify", f"{args.commit}^{{commit}}").decode().strip()
    date = git(args.checkout, "log", "-1", "--format=%cI", commit).decode().strip()
    files: dict[str, bytes] = {}
    for name in LISTS:
        data = git(args.checkout, "show", f"{commit}:src/{name}.json")
        entries = json.loads(data).get("entries")
        if not isinstance(entries, list) or not entries:
            raise SystemExit(f"ERROR: src/{name}.json at {commit[:12]} has no 'entries' list")
        for number, entry in enumerate(entries, 1):
            if not entry.get("name") or not entry.get("pattern"):
                raise SystemExit(f"ERROR: src/{name}.json entry {number} has no name or pattern")
            try:
                re.compile(entry["pattern"])
            except re.error as exc:
                raise SystemExit(f"ERROR: src/{name}.json entry {entry['name']!r}: pattern does not "
                                 f"compile in Python ({exc}); the matcher in stats/agents.py needs a fix")
        files[f"{name}.json"] = data
    files["LICENSE"] = git(args.checkout, "show", f"{commit}:LICENSE")
    for name, data in files.items():
        (TARGET / name).write_bytes(data)
    source = {"repository": "https://github.com/opawg/user-agents-v2", "commit": commit, "date": date,
              "files": [f"src/{n}.json" for n in LISTS] + ["LICENSE"]}
    (TARGET / "SOURCE.json").write_text(json.dumps(source, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {len(files)} files from {commit[:12]} ({date}) into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
