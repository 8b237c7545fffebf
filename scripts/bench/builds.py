"""Running and measuring builds: MkDocs in a child process (wall time, CPU, peak memory and our
plugin's debug timings), and the plain Material baseline built from the Markdown our plugin made."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from library import yaml_dump

PYTHON = sys.executable

# Runs MkDocs in a child process with our plugin's debug lines (its timings) sent to a file.
CHILD = """
import logging, os, sys
handler = logging.FileHandler(os.environ["CLN_BENCH_LOG"])
handler.setLevel(logging.DEBUG)
logger = logging.getLogger("mkdocs.plugins.cln_portal")
logger.setLevel(logging.DEBUG)
logger.addHandler(handler)
from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""

# A MkDocs hook (in a separate, unmeasured run) that records the navigation and the Markdown
# every page has after our plugin, then stops before rendering.
DUMP_HOOK = '''
import json, os
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["CLN_BENCH_DUMP"])


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def item(entry):
    if entry.is_section:
        return {entry.title: [item(child) for child in entry.children]}
    if entry.is_page:
        return {entry.title: entry.file.src_uri} if entry.title else entry.file.src_uri
    return {entry.title: entry.url}


@event_priority(-10)  # after our plugin, before Material's blog attaches its views
def on_nav(nav, config, files):
    (OUT / "nav.json").write_text(json.dumps([item(entry) for entry in nav.items]))


@event_priority(-10)  # after our plugin, before the blog and tags plugins (they run again)
def on_page_markdown(markdown, page, config, files):
    if type(page).__module__.startswith("material.plugins.blog"):
        # Views (index, archive, categories) the blog plugin makes again. A post (a column) is
        # written as our plugin made it, under its own front matter, where the blog reads it.
        if type(page).__name__ == "Post" and page.file.abs_src_path:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            front = source.split("---", 2)[1] if source.startswith("---") else "\\n"
            target = OUT / "docs" / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"---{front}---\\n\\n{markdown}", encoding="utf-8")
        return markdown
    # Listing pages get their lists after conversion (cln_portal.case_studies.render.LIST): a
    # plain page carries the list in its Markdown, as a hand-written page would.
    text = markdown
    plugin = config.plugins.get("cln")
    for section in getattr(plugin, "sections", []):
        listing = getattr(section, "listings", {}).get(page.file.src_uri)
        if listing is not None:
            from cln_portal.case_studies.render import LIST
            text = text.replace(LIST, listing, 1)
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.safe_dump(plain(page.meta), sort_keys=False, allow_unicode=True) if page.meta else ""
    target.write_text(f"---\\n{meta}---\\n\\n{text}" if meta else text, encoding="utf-8")
    return markdown


@event_priority(-100)
def on_env(env, config, files):
    raise SystemExit(0)  # every page's Markdown is written; rendering is not needed
'''


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a busy machine
    timings: dict[str, float] = field(default_factory=dict)


def measured(cmd: list[str], cwd: Path, env: dict) -> Run:
    """Wall time and peak RSS of one child process (os.wait4 gives that child's own rusage)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss * 1024, proc.returncode, stderr,
               cpu=usage.ru_utime + usage.ru_stime)


def child_env(**extra) -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Compiled modules are cached as on any comms team machine: MkDocs and Material were compiled
    # when pip installed them, and our plugin (installed editable) is compiled by the first build.
    # Without the cache every build would compile the plugin's source again (0.1 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SITE_URL", None)
    env.update(extra)
    return env


def build(project: Path, config: str, site: Path, *, strict: bool = True) -> Run:
    log = project / f".bench-{site.name}.log"
    log.write_text("")
    cmd = [PYTHON, "-c", CHILD, "build", "-f", config, "-d", str(site)]
    if strict:
        cmd.append("--strict")
    run = measured(cmd, project, child_env(CLN_BENCH_LOG=str(log)))
    if run.returncode != 0:
        raise SystemExit(f"Build of {project / config} failed:\n{run.stderr[-4000:]}")
    for label, seconds in re.findall(r"\btiming (\S+) ([\d.]+)", log.read_text()):
        run.timings[label] = run.timings.get(label, 0.0) + float(seconds)
    return run


def load_config(project: Path) -> dict:
    from mkdocs.utils import yaml as mkyaml

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return mkyaml.yaml_load(f)


def plain_portal(project: Path) -> str:
    """Write plain.yml: Material without our plugin, building the dumped Markdown, same nav."""
    dump = project / ".bench-dump"
    shutil.rmtree(dump, ignore_errors=True)
    (dump / "docs").mkdir(parents=True)
    (project / "bench_dump_hook.py").write_text(DUMP_HOOK)
    (project / "dump.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - bench_dump_hook.py\n")
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", "dump.yml", "-d", str(project / ".bench-dump-site")]
    result = subprocess.run(cmd, cwd=project, env=child_env(CLN_BENCH_DUMP=str(dump)),
                            capture_output=True, text=True)
    if result.returncode != 0 or not (dump / "nav.json").exists():
        raise SystemExit(f"Dumping the final Markdown failed:\n{result.stderr[-4000:]}")
    config = load_config(project)
    docs = project / "plain_docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / config.get("docs_dir", "docs"), docs)  # assets, blog posts
    shutil.copytree(dump / "docs", docs, dirs_exist_ok=True)  # every page as our plugin made it
    plugins = []
    for entry in config.get("plugins", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name.split("/")[-1] != "cln":
            plugins.append(entry)
    plain = {"INHERIT": "mkdocs.yml", "docs_dir": "plain_docs", "plugins": plugins,
             "nav": json.loads((dump / "nav.json").read_text())}
    (project / "plain.yml").write_text(yaml_dump(plain))
    return "plain.yml"
