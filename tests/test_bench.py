"""The benchmark (`make bench`) runs at a tiny size and prints its table of figures."""

from __future__ import annotations

import subprocess

from conftest import BIN, REPO, build_env


def test_make_bench_at_a_tiny_size_prints_the_figures(tmp_path):
    venv = BIN.parent
    result = subprocess.run(
        ["make", "bench", "SIZES=tiny", f"VENV={venv}", "-o", f"{venv}/.installed",
         f"BENCH_ARGS=--no-browser --serve '' --workdir {tmp_path} --json {tmp_path}/figures.json"],
        cwd=REPO, capture_output=True, text=True, env=build_env(), timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Machine: " in out
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    table = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in lines}
    assert table["measure"] == "N=8"
    assert table["case studies / episodes / columns"] == "8 / 4 / 3"
    for row in ("build, cold cache (ours)", "rebuild (ours)", "plain Material, same Markdown and nav"):
        assert table[row].endswith(" s"), (row, table[row])
    assert float(table["ours / plain (wall)"]) > 0
    assert float(table["CPU time, ours / plain"].split("= ")[1]) > 0
    hooks = table["our plugin's own hooks"]
    assert hooks.endswith(("ms", " s")) and hooks != "0.0 ms"  # the plugin's debug timings arrived
    pagefind, material = table["search files on disk (Pagefind bundle / Material index)"].split(" / ")
    assert pagefind.endswith(("kB", "MB")) and material.endswith(("kB", "MB")) and material != "0 kB"
    assert all(part.endswith(("ms", " s")) for part in table["search index build (Pagefind / Material)"].split(" / "))
    # The generated portal is cleaned up; only the JSON figures stay.
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]
