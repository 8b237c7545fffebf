"""The benchmark (`make bench`) runs at a tiny size and prints its table of figures."""

from __future__ import annotations

import subprocess

from conftest import BIN, REPO, build_env


def test_make_bench_at_a_tiny_size_prints_the_figures(tmp_path):
    venv = BIN.parent
    result = subprocess.run(
        ["make", "bench", "SIZES=tiny", f"VENV={venv}", "-o", f"{venv}/.installed",
         f"BENCH_ARGS=--no-browser --serve '' --marginal 4,12 --workdir {tmp_path} --json {tmp_path}/figures.json"],
        cwd=REPO, capture_output=True, text=True, env=build_env(), timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Machine: " in out
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    table = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in lines}
    assert table["measure"] == "N=8"
    assert table["case studies / episodes / columns"] == "8 / 4 / 3"
    for row in ("build, cold cache (ours)", "build, cold cache, CPU (ours)", "rebuild (ours)",
                "plain Material, same site and bodies, Material's search"):
        assert table[row].endswith(" s"), (row, table[row])
    assert float(table["ours / plain (wall)"]) > 0
    assert float(table["CPU time, ours / plain"].split("= ")[1]) > 0
    # Search is indexed in both builds, each timed on its own line, and the ratio is also given without it.
    for row in ("search indexing, wall waited for (Pagefind in ours / Material's in plain)",
                "search indexing, CPU (Pagefind in ours / Material's in plain)"):
        assert all(part.endswith(("ms", " s")) and part != "0.0 ms" for part in table[row].split(" / ")), (row, table[row])
    assert all(float(part) > 0 for part in table["ours / plain without search indexing (wall / CPU)"].split(" / "))
    # Peak memory counts the build's children (Pagefind) with it: at least its largest single process.
    whole = [float(v.split()[0]) for v in table["peak memory, whole build with its children (ours / plain)"].split(" / ")]
    largest = [float(v.split()[0]) for v in table["peak memory, largest single process (ours / plain)"].split(" / ")]
    assert all(w >= s > 0 for w, s in zip(whole, largest)), (whole, largest)
    hooks = table["our plugin's own hooks"]
    assert hooks.endswith(("ms", " s")) and hooks != "0.0 ms"  # the plugin's debug timings arrived
    pagefind, material = table["search files on disk (Pagefind bundle / Material index)"].split(" / ")
    assert pagefind.endswith(("kB", "MB")) and material.endswith(("kB", "MB")) and material != "0 kB"
    # One case study's cost, ours and plain Material's, beside the two totals it comes from.
    margin = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:5]] for line in lines}
    assert margin["one case study's cost"] == ["ours", "plain Material", "ours / plain"]
    for row in ("CPU, shipped portal + 4 case studies", "CPU, shipped portal + 12 case studies"):
        assert all(c.endswith(" s") for c in margin[row][:2]) and float(margin[row][2]) > 0, margin[row]
    assert all(c.endswith(("ms", " s")) for c in margin["CPU per case study, (12 - 4)"][:2])
    assert all(c.endswith(("ms", " s")) for c in margin["CPU per case study without search indexing"][:2])
    # The generated portal is cleaned up; only the JSON figures stay.
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]


def _bench_builds():
    import importlib
    import sys

    sys.path.insert(0, str(REPO / "scripts" / "bench"))
    try:
        return importlib.import_module("builds")
    finally:
        sys.path.remove(str(REPO / "scripts" / "bench"))


def test_the_plain_baseline_is_the_portals_own_site_without_our_plugin(tmp_path):
    """`make bench` compares our build with plain Material: that baseline must be mkdocs.yml's
    site (nav, Markdown extensions and their options, theme and features, every other plugin with
    its options) minus the cln plugin, plus the search a plain Material site has (Material's own,
    with its defaults), so that the ratio it prints cannot drift from the portal."""
    from mkdocs.config import load_config

    builds = _bench_builds()
    for name in ("mkdocs.yml", "overrides", "content"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / "plain_docs").mkdir()
    (tmp_path / "plain.yml").write_text(builds.yaml_dump(builds.plain_config(builds.load_config(tmp_path))))
    portal = load_config(str(tmp_path / "mkdocs.yml"))
    plain = load_config(str(tmp_path / "plain.yml"))

    assert plain.docs_dir == str(tmp_path / "plain_docs")
    assert plain.nav == portal.nav
    assert plain.markdown_extensions == portal.markdown_extensions
    assert plain.mdx_configs == portal.mdx_configs
    assert plain.theme.name == portal.theme.name == "material"
    assert list(plain.theme.dirs) == list(portal.theme.dirs)  # overrides/ too
    assert plain.theme["features"] == portal.theme["features"]
    assert plain.theme["palette"] == portal.theme["palette"]
    assert plain.extra_css == portal.extra_css and plain.extra == portal.extra
    ours = [name for name in portal.plugins if name.split("/")[-1] == "cln"]
    assert ours, "mkdocs.yml uses the cln plugin"
    others = [name for name in portal.plugins if name not in ours]
    assert "material/search" not in others, "mkdocs.yml searches with Pagefind, through our plugin"
    assert list(plain.plugins) == ["material/search", *others]
    for name in others:  # the same options: e.g. the blog's addresses and pagination
        assert dict(plain.plugins[name].config) == dict(portal.plugins[name].config), name
    # Material's search as a plain Material site has it: its defaults, for the portal's language.
    (tmp_path / "material.yml").write_text("site_name: x\ndocs_dir: plain_docs\ntheme:\n  name: material\n  language: en\nplugins:\n  - search\n")
    material = load_config(str(tmp_path / "material.yml"))
    assert dict(plain.plugins["material/search"].config) == dict(material.plugins["material/search"].config)
