"""Running and measuring builds: MkDocs in a child process (wall time, CPU, peak memory of the whole
process tree, our plugin's debug timings, search indexing), and the plain Material baseline:
mkdocs.yml without our plugin, with Material's search, same bodies."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from library import yaml_dump

PYTHON = sys.executable

# Runs MkDocs in a child process with our plugin's debug lines (its timings) sent to a file, and
# search indexing timed on its own, wall and CPU (this process's and its children's, so Pagefind's
# too): our SearchSection's on_post_page (marking each page; a full bundle's Pagefind run is
# started there, and one that ended is collected, its CPU time counted then) and on_post_build
# (the last runs), and Material's search plugin (its HTML parser in on_page_context and writing
# the index in on_post_build). Pagefind's runs overlap the build: their CPU is all counted, their
# wall time only where the build waits for them. One line each in the log, at exit.
CHILD = """
import atexit, functools, importlib, logging, os, resource, sys, time
handler = logging.FileHandler(os.environ["CLN_BENCH_LOG"])
handler.setLevel(logging.DEBUG)
logger = logging.getLogger("mkdocs.plugins.cln_portal")
logger.setLevel(logging.DEBUG)
logger.addHandler(handler)
SEARCH = {}

def cpu():
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))

def timed(kind, cls, name):
    method = getattr(cls, name)
    @functools.wraps(method)  # keeps MkDocs' event priority, if any
    def wrapper(*args, **kwargs):
        wall, used = time.perf_counter(), cpu()
        try:
            return method(*args, **kwargs)
        finally:
            total = SEARCH.setdefault(kind, [0.0, 0.0])
            total[0] += time.perf_counter() - wall
            total[1] += cpu() - used
    setattr(cls, name, wrapper)

for kind, module, cls, names in (
        ("pagefind", "cln_portal.mkdocs_plugin.sections.search", "SearchSection", ("on_post_page", "on_post_build")),
        ("material", "material.plugins.search.plugin", "SearchPlugin", ("on_page_context", "on_post_build"))):
    try:
        found = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        continue
    for name in names:
        timed(kind, found, name)

@atexit.register
def report():
    with open(os.environ["CLN_BENCH_LOG"], "a") as log:
        for kind, (wall, used) in SEARCH.items():
            log.write(f"bench-search {kind} {wall:.6f} {used:.6f}\\n")

from mkdocs.__main__ import cli
sys.argv[0] = "mkdocs"
cli()
"""

# A MkDocs hook (in a separate, unmeasured run of our build) that writes, for plain Material, the
# same bodies as plain pages: each page our plugin makes from a contributor's file (a case study,
# an episode's notes, an interview) gets that file's body under its title, at the page's place;
# a page our plugin makes from nothing (a listing) and that the nav names gets its title alone.
# Then it stops before rendering. Pages in content/ and the column's posts are copied as they are.
DUMP_HOOK = '''
import json, os
from pathlib import Path
from mkdocs.plugins import event_priority

OUT = Path(os.environ["CLN_BENCH_DUMP"])
IN_NAV = set()


@event_priority(-10)
def on_nav(nav, config, files):
    IN_NAV.update(page.file.src_uri for page in nav.pages)


def page_text(title, body):
    return f"---\\ntitle: {json.dumps(str(title))}\\n---\\n\\n{body}"


@event_priority(-10)  # after our plugin, before the blog and tags plugins
def on_page_markdown(markdown, page, config, files):
    if type(page).__module__.startswith("material.plugins.blog"):
        return markdown  # the blog's posts and views: in content/, the plain build has them
    docs = Path(config.docs_dir).resolve()
    source = Path(page.file.abs_src_path).resolve() if page.file.abs_src_path else None
    plugin = config.plugins.get("cln")
    for section in getattr(plugin, "sections", []):  # an episode's page: its sidecar's notes
        episode = getattr(section, "episodes", {}).get(page.file.src_uri)
        if source is None and getattr(episode, "sidecar", None):
            source = Path(config.config_file_path).resolve().parent / episode.sidecar
    title = page.meta.get("title") or page.title or page.file.name
    if source is not None and not source.is_relative_to(docs) and source.suffix == ".md":
        text = source.read_text(encoding="utf-8")
        body = text.split("---", 2)[2] if text.startswith("---") and text.count("---") >= 2 else text
        target = OUT / "docs" / page.file.src_uri
    elif source is None and page.file.src_uri in IN_NAV:
        body, target = "", OUT / "docs" / page.file.src_uri
    else:
        return markdown
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page_text(title, body.lstrip("\\n")), encoding="utf-8")
    (OUT / "pages.txt").open("a").write(page.file.src_uri + "\\n")
    return markdown


@event_priority(-100)
def on_env(env, config, files):
    raise SystemExit(0)  # every page's Markdown is written; rendering is not needed
'''


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the whole build, MkDocs and its child processes together (see measured)
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds, children's included: steadier than wall time on a busy machine
    timings: dict[str, float] = field(default_factory=dict)
    largest_rss: int = 0  # bytes: the largest single process of the build (the kernel's maxrss)
    search: dict[str, tuple[float, float]] = field(default_factory=dict)  # kind -> (wall, CPU) seconds


PAGE = os.sysconf("SC_PAGE_SIZE")
#: How often the build's process tree is sampled for its memory (seconds).
SAMPLE = 0.05


def tree_rss(root: int) -> int:
    """Resident memory of process ``root`` and every process under it, now (bytes). The tree is
    found from each process's parent in /proc/<pid>/stat (not every kernel has .../children)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:  # "pid (name) state ppid ...": the name may hold spaces and parentheses
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue  # it ended while we looked
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def measured(cmd: list[str], cwd: Path, env: dict) -> Run:
    """Wall time, CPU and peak memory of one build, its child processes (Pagefind) included.

    CPU is the build's and its children's (os.wait4's rusage counts the children it waited for).
    Peak memory is the largest sum of the resident memory of MkDocs and its children at one moment,
    sampled every 50 ms from /proc: while Pagefind indexes, MkDocs still holds its own memory, so
    the two add up. It is at least the kernel's maxrss of the largest single process, which is
    kept too (a peak shorter than a sample could otherwise be missed)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak, done = [0], threading.Event()

        def sample():
            while not done.wait(SAMPLE):
                peak[0] = max(peak[0], tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    largest = usage.ru_maxrss * 1024
    return Run(seconds, max(peak[0], largest), proc.returncode, stderr,
               cpu=usage.ru_utime + usage.ru_stime, largest_rss=largest)


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
    text = log.read_text()
    for label, seconds in re.findall(r"\btiming (\S+) ([\d.]+)", text):
        run.timings[label] = run.timings.get(label, 0.0) + float(seconds)
    for kind, wall, cpu in re.findall(r"^bench-search (\S+) ([\d.]+) ([\d.]+)$", text, re.M):
        run.search[kind] = (float(wall), float(cpu))
    return run


def load_config(project: Path) -> dict:
    from mkdocs.utils import yaml as mkyaml

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        return mkyaml.yaml_load(f)


#: What a plain Material site searches with: Material's own search plugin, with its defaults (the
#: theme's language). Our plugin replaces it with Pagefind, so the baseline gets it back.
MATERIAL_SEARCH = "search"


def plugin_name(entry) -> str:
    return (entry if isinstance(entry, str) else next(iter(entry))).split("/")[-1]


def plain_plugins(config: dict) -> list:
    """mkdocs.yml's plugins, in order and with their options, without ours (``cln``), and with
    Material's search first unless mkdocs.yml has it already."""
    plugins = [entry for entry in config.get("plugins", []) if plugin_name(entry) != "cln"]
    if not any(plugin_name(entry) == MATERIAL_SEARCH for entry in plugins):
        plugins.insert(0, MATERIAL_SEARCH)
    return plugins


def plain_config(config: dict) -> dict:
    """The plain Material site: mkdocs.yml itself (its nav, Markdown extensions, theme and
    features, the blog: all inherited), without our plugin and with Material's search, over the
    plain pages' folder. Search is indexed in both builds (Pagefind in ours, Material's in plain),
    and the bench prints each search's share on its own line."""
    # Not strict: the site's own pages link pages only our plugin makes (the self-assessment, the
    # coverage table), which a build without it cannot have.
    return {"INHERIT": "mkdocs.yml", "docs_dir": "plain_docs", "plugins": plain_plugins(config), "strict": False}


def plain_portal(project: Path) -> str:
    """Write plain.yml and plain_docs/: content/ as it is, plus the bodies our plugin publishes
    (written by DUMP_HOOK), built by Material without our plugin."""
    dump = project / ".bench-dump"
    shutil.rmtree(dump, ignore_errors=True)
    (dump / "docs").mkdir(parents=True)
    (project / "bench_dump_hook.py").write_text(DUMP_HOOK)
    (project / "dump.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - bench_dump_hook.py\n")
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", "dump.yml", "-d", str(project / ".bench-dump-site")]
    result = subprocess.run(cmd, cwd=project, env=child_env(CLN_BENCH_DUMP=str(dump)),
                            capture_output=True, text=True)
    if result.returncode != 0 or not (dump / "pages.txt").exists():
        raise SystemExit(f"Writing the plain pages failed:\n{result.stderr[-4000:]}")
    config = load_config(project)
    docs = project / "plain_docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / config.get("docs_dir", "docs"), docs)  # pages, assets, blog posts
    shutil.copytree(dump / "docs", docs, dirs_exist_ok=True)  # the bodies our plugin publishes
    (project / "plain.yml").write_text(yaml_dump(plain_config(config)))
    return "plain.yml"
