"""The self-assessment's arithmetic: the profile and the recommendation order for given answers.

cln_portal.assessment.assess is the specification; the page's script implements the same in the
browser, and the last tests run it under node over the same inputs and compare.
"""

from __future__ import annotations

import datetime
import json
import random
import subprocess
from pathlib import Path

import pytest

from cln_portal.assessment import FORMAT, assess, data_script, page_data, page_html
from cln_portal.commands import check as checks
from cln_portal.commands.cli import load_project
from cln_portal.content import vocabulary
from cln_portal.content.catalogue import Entry

from conftest import require_tool

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "plugins" / "cln_portal" / "assessment" / "self-assessment.js"
VOCAB = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")


def entry(slug, kind, competencies, date="2009-01-01"):
    return Entry(kind, slug, slug.replace("-", " ").title(), f"x/{slug}/", date=datetime.date.fromisoformat(date),
                 competencies=tuple(competencies))


ENTRIES = [
    entry("conflict-only", "case study", ["Conflict management"], "2009-05-01"),
    entry("innovation-only", "column", ["Innovation"], "2009-06-01"),
    entry("conflict-and-savvy", "case study", ["Conflict management", "Organisational savvy"], "2009-01-01"),
    entry("savvy-and-innovation", "column", ["Organisational savvy", "Innovation"], "2009-02-01"),
    entry("savvy-only-newer", "interview", ["Organisational savvy"], "2009-04-01"),
    entry("savvy-only-older", "episode", ["Organisational savvy"], "2008-12-01"),
    entry("resilience", "case study", ["Personal resilience"], "2009-07-01"),
    entry("untagged", "case study", [], "2010-01-01"),
]


def answers_for(scores: dict[str, list[int]]) -> dict[str, int]:
    """Answers by competency name: its statements' answers in order (fewer: the rest unanswered)."""
    data = page_data(VOCAB, [])
    by_name = {c["name"]: c for c in data["competencies"]}
    return {by_name[name]["statements"][i]["id"]: value for name, values in scores.items()
            for i, value in enumerate(values)}


def titles(result, data):
    return [data["items"][r["item"]]["title"] for r in result["recommendations"]]


def test_the_profile_is_the_mean_answer_per_competency_and_unanswered_ones_are_not_rated():
    data = page_data(VOCAB, ENTRIES)
    result = assess(data, answers_for({"Conflict management": [0, 1, 1, 2], "Innovation": [3, 2]}))
    profile = {p["competency"]: p for p in result["profile"]}
    assert [p["competency"] for p in result["profile"]] == VOCAB.names("competencies")
    assert profile["Conflict management"] == {"competency": "Conflict management", "answered": 4,
                                              "statements": 4, "score": 1.0}
    assert profile["Innovation"]["score"] == 2.5 and profile["Innovation"]["answered"] == 2
    assert profile["Personal resilience"]["score"] is None
    assert result["focus"] == ["Conflict management", "Innovation"]


def test_content_for_the_lowest_rated_competencies_comes_best_match_first():
    data = page_data(VOCAB, ENTRIES)
    # Gaps to the top of the scale: Conflict management 3, Organisational savvy 2, Innovation and
    # Personal resilience 0.5 each (a tie: the framework lists Innovation first, so it is the third
    # focus); Developing others is at the top, never a focus.
    result = assess(data, answers_for({"Conflict management": [0, 0], "Organisational savvy": [1, 1, 1, 1],
                                       "Innovation": [2, 3, 2, 3], "Personal resilience": [2, 3],
                                       "Developing others": [3, 3, 3, 3]}))
    assert result["focus"] == ["Conflict management", "Organisational savvy", "Innovation"]
    assert titles(result, data) == [
        "Conflict And Savvy",  # the two lowest: 5
        "Conflict Only",  # 3: one large gap outranks two small ones
        "Savvy And Innovation",  # 2.5
        "Savvy Only Newer", "Savvy Only Older",  # 2 each: newest first
        "Innovation Only",  # 0.5
    ]
    assert result["recommendations"][0]["matched"] == ["Conflict management", "Organisational savvy"]


def test_all_answers_at_the_top_of_the_scale_leave_nothing_to_focus_on():
    data = page_data(VOCAB, ENTRIES)
    top = len(VOCAB.scale) - 1
    result = assess(data, {s["id"]: top for c in data["competencies"] for s in c["statements"]})
    assert result["focus"] == [] and result["recommendations"] == []
    assert assess(data, {})["focus"] == []


def test_ties_keep_the_frameworks_order_and_the_limit_holds():
    many = [entry(f"item-{i:02d}", "case study", ["Innovation", "Personal resilience"]) for i in range(15)]
    data = page_data(VOCAB, many)
    result = assess(data, {s["id"]: 1 for c in data["competencies"] for s in c["statements"]})
    assert result["focus"] == VOCAB.names("competencies")[:3]
    data["focus"] = 9
    result = assess(data, {s["id"]: 1 for c in data["competencies"] for s in c["statements"]})
    assert len(result["recommendations"]) == data["limit"] == 10
    assert titles(result, data) == [f"Item {i:02d}" for i in range(10)]


def test_the_page_data_lists_only_content_tagged_with_competencies_newest_first():
    data = page_data(VOCAB, ENTRIES, url_of=lambda url: "../" + url)
    assert data["format"] == FORMAT and data["scale"] == list(VOCAB.scale)
    assert [i["title"] for i in data["items"]] == ["Resilience", "Innovation Only", "Conflict Only",
                                                   "Savvy Only Newer", "Savvy And Innovation", "Conflict And Savvy",
                                                   "Savvy Only Older"]
    assert data["items"][0] == {"kind": "Case study", "title": "Resilience", "url": "../x/resilience/",
                                "summary": "", "date": "2009-07-01", "competencies": ["Personal resilience"]}
    conflict = data["competencies"][0]
    assert conflict["qualities"][0] == {"name": "Self management", "cluster": "Personal qualities"}
    assert [s["id"] for s in conflict["statements"]] == [f"conflict-management-{i}" for i in range(1, 5)]


def test_the_embedded_data_cannot_end_its_script_element_whatever_a_title_says():
    hostile = '</script><script>alert(1)</script><!-- & \u2028'
    data = page_data(VOCAB, [Entry("case study", "x", hostile, "x/", competencies=("Innovation",))])
    script = data_script(data)
    inner = script[len('<script type="application/json" id="cln-sa-data">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == data and json.loads(inner)["items"][0]["title"] == hostile


def test_every_text_of_the_worksheet_is_escaped():
    data = page_data(VOCAB, [])
    data["competencies"][0]["statements"][0]["text"] = 'I <b>shout</b> & "quote"'
    data["scale"][0] = "<i>Not</i> yet"
    html = page_html(data, "../privacy/")
    assert "<b>" not in html and "<i>" not in html
    assert "I &lt;b&gt;shout&lt;/b&gt; &amp; &quot;quote&quot;" in html and "&lt;i&gt;Not&lt;/i&gt; yet" in html


def shipped_entries():
    project, problems = load_project(REPO / "mkdocs.yml")
    assert project is not None, problems
    checks.run(project)
    return list(project.catalogue.entries.values())


def test_the_shipped_content_of_every_kind_is_recommended_by_its_competencies():
    data = page_data(VOCAB, shipped_entries())
    kinds = {i["kind"] for i in data["items"]}
    assert kinds == {"Case study", "Column", "Episode", "Interview"}, kinds
    result = assess(data, answers_for({"Conflict management": [0, 0, 0, 0]}))
    recommended = titles(result, data)
    assert "Senior review at the front door of the emergency department" in recommended
    assert "Why London gave its whole programme to maternity" in recommended  # an interview
    assert "Key information: the CLN competency framework" in recommended  # an episode
    assert all("Conflict management" in data["items"][r["item"]]["competencies"] for r in result["recommendations"])


def answer_sets(data, count=150, seed=19):
    """Deterministic answer sets: empty, full, partial, all equal (ties), all at the top."""
    rng = random.Random(seed)
    ids = [s["id"] for c in data["competencies"] for s in c["statements"]]
    top = len(data["scale"]) - 1
    sets = [{}, {i: top for i in ids}, {i: 0 for i in ids}, {i: 1 for i in ids}]
    for _ in range(count):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        sets.append({i: rng.randint(0, top) for i in chosen})
    return sets


def run_node(cases: list[dict]) -> list[dict]:
    node = require_tool("node", package="nodejs", why="the self-assessment's ranking runs in the browser's "
                        "JavaScript and is compared with the Python specification under node")
    program = ("const sa = require(process.argv[1]); const input = require('fs').readFileSync(0, 'utf8');"
               "process.stdout.write(JSON.stringify(JSON.parse(input).map(c => sa.assess(c.data, c.answers))));")
    done = subprocess.run([node, "-e", program, str(SCRIPT)], input=json.dumps(cases), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("source", ["fixture", "shipped"])
def test_the_browser_script_ranks_exactly_as_the_specification(source):
    entries = ENTRIES if source == "fixture" else shipped_entries()
    data = page_data(VOCAB, entries)
    cases = [{"data": data, "answers": answers} for answers in answer_sets(data)]
    if source == "fixture":
        many = page_data(VOCAB, [entry(f"i{i}", "column", VOCAB.names("competencies")[i % 9:i % 9 + 2])
                                 for i in range(30)])
        many["focus"], many["limit"] = 5, 25
        cases += [{"data": many, "answers": answers} for answers in answer_sets(many, 50, seed=7)]
    expected = [json.loads(json.dumps(assess(c["data"], c["answers"]))) for c in cases]
    assert any(e["recommendations"] for e in expected)
    assert run_node(cases) == expected
