#!/usr/bin/env python3
"""Build the portal safely and reproducibly, and publish it (``make build``, ``make publish``).

Safe: MkDocs writes into a fresh folder beside the site folder; only when the whole build has
succeeded is that folder swapped into place in one rename. A failed or interrupted build leaves
the previous site exactly as it was, so the comms team never publishes half a site.

Reproducible: SOURCE_DATE_EPOCH is the last commit's date (MkDocs, Material and the portal's
feeds read it instead of the clock), and every file's mtime is set to it, so two builds of one
commit are byte-identical and a CDN or rsync re-uploads only what really changed.

Standard library only: it runs MkDocs as a subprocess, exactly as ``mkdocs build`` would.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Used when there is neither git history nor any dated content: a fixed, documented value
# (the day the CLN pilot began, 2006-01-01 UTC) instead of the clock.
FALLBACK_EPOCH = 1136073600

# Folders whose Markdown front matter carries publication dates.
DATED_CONTENT = ("content", "case_studies", "podcasts", "columns")
_DATE_LINE = re.compile(r"^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


class BuildFailed(Exception):
    """The build or the deployment did not succeed; the message says what to do."""


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def source_date_epoch(root: Path) -> tuple[int, str]:
    """The build's notion of "now", and where it came from: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"]), "SOURCE_DATE_EPOCH"
    try:
        result = git(root, "log", "-1", "--format=%ct")
    except OSError:  # git is not installed
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return int(result.stdout.strip()), "the last commit"
    return content_epoch(root), "the newest content date"


def content_epoch(root: Path) -> int:
    """Midnight UTC of the newest ``date:`` in any front matter (a download without git history)."""
    import datetime as dt

    newest = None
    for folder in DATED_CONTENT:
        for path in sorted((root / folder).rglob("*.md")):
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
            for match in _DATE_LINE.finditer(head):
                try:
                    day = dt.date.fromisoformat(match.group(1))
                except ValueError:
                    continue
                newest = day if newest is None or day > newest else newest
    if newest is None:
        return FALLBACK_EPOCH
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def dirty_files(root: Path) -> list[str] | None:
    """Uncommitted changes (``git status --porcelain`` lines); None when not a git checkout."""
    try:
        result = git(root, "status", "--porcelain")
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return [line for line in result.stdout.splitlines() if line.strip()]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE), if available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_into_place(new: Path, site: Path) -> None:
    """Make ``new`` the site: one rename when there is no site yet, else an atomic exchange."""
    if not site.exists():
        os.rename(new, site)
        return
    if _exchange(new, site):
        shutil.rmtree(new)  # now holds the previous site
        return
    # No renameat2 (not Linux, or an old kernel): two renames, undone if the second fails.
    old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
    os.rmdir(old)
    os.rename(site, old)
    try:
        os.rename(new, site)
    except OSError:
        os.rename(old, site)
        raise
    shutil.rmtree(old)


def normalise_tree(folder: Path, epoch: int) -> None:
    """Every file and folder gets the build's date as its mtime and ordinary permissions."""
    umask = os.umask(0)
    os.umask(umask)
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames:
            os.utime(os.path.join(dirpath, name), (epoch, epoch), follow_symlinks=False)
        os.chmod(dirpath, 0o777 & ~umask)  # mkdtemp makes 0700: a web server could not read it
        os.utime(dirpath, (epoch, epoch))


def build(root: Path, site: Path, *, strict: bool = True, extra_args: list[str] | None = None) -> int:
    """Build into a temporary folder beside ``site`` and swap it in; return SOURCE_DATE_EPOCH."""
    epoch, origin = source_date_epoch(root)
    site = site if site.is_absolute() else root / site
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp)]
    if strict:
        cmd.append("--strict")
    cmd += extra_args or []
    print(f"Building with SOURCE_DATE_EPOCH={epoch} (from {origin})", file=sys.stderr, flush=True)
    try:
        result = subprocess.run(cmd, cwd=root, env=env)
        if result.returncode != 0:
            raise BuildFailed(
                f"The build failed (see the messages above); {display(site, root)}/ was left as it was. "
                "Fix what they say, then build again."
            )
        if not (tmp / "index.html").is_file():
            raise BuildFailed(f"The build wrote no index.html; {display(site, root)}/ was left as it was.")
        normalise_tree(tmp, epoch)
        swap_into_place(tmp, site)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return epoch


def deploy(root: Path, site: Path, target: str | None, epoch: int) -> None:
    """rsync the built site to ``target``, or push it to GitHub Pages with ``mkdocs gh-deploy``."""
    if target:
        if shutil.which("rsync") is None:
            raise BuildFailed("TARGET needs rsync, which is not installed (apt-get install rsync).")
        # --checksum: files are compared by content, so only real changes are uploaded.
        cmd = ["rsync", "-a", "--delete", "--checksum", f"{site}/", target.rstrip("/") + "/"]
        if subprocess.run(cmd, cwd=root).returncode != 0:
            raise BuildFailed(f"rsync to {target} failed (see above); the site was not fully published.")
        print(f"Site published to {target}")
        return
    # gh-deploy builds by itself: into a temporary folder, with the same SOURCE_DATE_EPOCH, so
    # what it pushes is byte-identical to the site/ just built and checked.
    with tempfile.TemporaryDirectory(prefix=".gh-deploy-", dir=site.parent) as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
        cmd = [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--site-dir", tmp]
        if subprocess.run(cmd, cwd=root, env=env).returncode != 0:
            raise BuildFailed("mkdocs gh-deploy failed (see above); GitHub Pages was not updated.")
    print("Site published to GitHub Pages (branch gh-pages)")


def display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def publish(root: Path, site: Path, target: str | None) -> None:
    """Refuse on uncommitted changes (the published site must be a commit), build, deploy."""
    dirty = dirty_files(root)
    if dirty is None:
        raise BuildFailed("make publish needs a git checkout, so that the published site is a commit.")
    if dirty:
        shown = "\n".join(f"  {line}" for line in dirty[:20])
        more = f"\n  ... and {len(dirty) - 20} more" if len(dirty) > 20 else ""
        raise BuildFailed(
            "Refusing to publish: the working tree has uncommitted changes:\n"
            f"{shown}{more}\nCommit them (or stash them) first, so the published site matches a commit."
        )
    epoch = build(root, site)
    deploy(root, site if site.is_absolute() else root / site, target, epoch)
    notify_apps(root, site if site.is_absolute() else root / site)
    changed = dirty_files(root)
    if changed:  # e.g. podcasts/published.yml, the GUIDs of newly published episodes
        shown = "\n".join(f"  {line}" for line in changed)
        print(f"The build updated these files; commit them now, so the next publish starts from them:\n{shown}")


def notify_apps(root: Path, site: Path) -> None:
    """Tell the WebSub hubs, the Podcast Index and podping that the feeds changed
    (cln_portal.podcast.notify); the site is published by now, so a failure here is a warning."""
    if os.environ.get("NOTIFY", "").strip().lower() in ("no", "0", "false", "off"):
        print("Publish notifications not sent (NOTIFY=no); run `make notify` to send them")
        return
    cmd = [sys.executable, "-m", "cln_portal.podcast.notify", "--site-dir", str(site)]
    if subprocess.run(cmd, cwd=root).returncode != 0:
        print("WARNING: the site is published, but not every app directory was told (see above); "
              "apps still find new episodes when they next poll. `make notify` tries again.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    parser.add_argument("--publish", action="store_true", help="refuse on uncommitted changes, build, deploy")
    parser.add_argument("--target", default="", help="rsync destination; default: GitHub Pages via gh-deploy")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path.cwd()
    site = Path(args.site_dir)
    # A Ctrl-C or a kill must still remove the temporary folder (see the finally in build()).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if args.publish:
            publish(root, site, args.target or None)
        else:
            build(root, site, strict=args.strict)
    except BuildFailed as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
