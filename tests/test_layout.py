"""The package's layout: no import cycles, and plugin sections that never import each other.

The import graph is read from the source with ``ast`` (every ``import`` and ``from ... import``,
at module level or inside a function, ``TYPE_CHECKING`` blocks included), so a cycle cannot hide
behind a lazy import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "cln_portal"
SECTIONS = "cln_portal.mkdocs_plugin.sections"
#: Keep modules small enough to read in one sitting (the layout issue's "about 400 lines").
MAX_LINES = 400


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The package's own modules that ``path`` (module ``name``) imports."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a module a.b: depend on a.b
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(package)
    return {name: imports_of(path, name, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def section_imports(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(section, other section) for every plugin section that imports another."""
    return sorted((name, target) for name, targets in edges.items() if name.startswith(SECTIONS + ".")
                  for target in targets if target.startswith(SECTIONS + ".") and target != name)


def test_the_package_has_no_import_cycle():
    assert cycles(graph()) == []


def test_no_plugin_section_imports_another_section():
    edges = graph()
    sections = [name for name in edges if name.startswith(SECTIONS + ".")]
    assert len(sections) >= 8, sections  # the check looks where the sections are
    assert section_imports(edges) == []


def test_only_the_plugin_and_the_commands_reach_into_the_plugin():
    """The core is what other generators can use: it never imports the MkDocs plugin. The commands
    read mkdocs.yml as MkDocs does, so they may."""
    edges = graph()
    reaching = sorted((name, target) for name, targets in edges.items()
                      if not name.startswith(("cln_portal.mkdocs_plugin", "cln_portal.commands"))
                      for target in targets if target.startswith("cln_portal.mkdocs_plugin"))
    assert reaching == []


def test_no_module_is_over_about_400_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    bench = Path(__file__).resolve().parents[1] / "scripts"
    long.update({str(path.relative_to(bench.parent)): n for path in sorted(bench.rglob("*.py"))
                 if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES})
    assert long == {}


# --- the checks themselves, on packages made to break them --------------------------------------

def make_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "cln_portal"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *[p for p in package.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return package


@pytest.mark.parametrize("files, cycle", [
    ({"a.py": "from . import b\n", "b.py": "from .a import thing\n"}, ["cln_portal.a", "cln_portal.b"]),
    # A lazy import inside a function is still a cycle.
    ({"a.py": "def f():\n    from .b import g\n", "b.py": "import cln_portal.a\n"}, ["cln_portal.a", "cln_portal.b"]),
    # A package whose __init__ imports a submodule that imports the package back.
    ({"p/__init__.py": "from .m import x\n", "p/m.py": "from .. import p\nx = 1\n"},
     ["cln_portal.p", "cln_portal.p.m"]),
    # So is a cycle that only type checkers see.
    ({"a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
      "b.py": "from .c import C\n", "c.py": "from . import a\n"}, ["cln_portal.a", "cln_portal.b", "cln_portal.c"]),
])
def test_a_made_cycle_is_found(tmp_path, files, cycle):
    assert cycles(graph(make_package(tmp_path, files))) == [cycle]


def test_siblings_that_import_one_way_are_no_cycle(tmp_path):
    package = make_package(tmp_path, {"p/__init__.py": "from .m import x\nfrom .n import y\n",
                                      "p/m.py": "from .n import y\nx = y\n", "p/n.py": "y = 1\n"})
    assert cycles(graph(package)) == []


def test_a_section_importing_another_is_found(tmp_path):
    package = make_package(tmp_path, {
        "mkdocs_plugin/shared.py": "URL = 'x'\n",
        "mkdocs_plugin/sections/one.py": "from ..shared import URL\n",
        "mkdocs_plugin/sections/two.py": "from .one import URL\n",
    })
    assert section_imports(graph(package)) == [(f"{SECTIONS}.two", f"{SECTIONS}.one")]
