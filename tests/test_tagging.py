"""Episodes and interviews carry region, pathways and competencies, checked against the vocabulary
with the case studies' messages (file, line, field, what is allowed, did you mean), and catalogued
so that the self-assessment recommends them and the coverage map counts them."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from cln_portal import interviews, podcast
from cln_portal.assessment import assess, page_data
from cln_portal.content import frontmatter, vocabulary
from cln_portal.content.catalogue import Entry, tags
from conftest import FIXTURES, REPO, build_env
from podcast_factory import add_episode, podcast_folder

VOCAB = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")
SITE = "https://example.org/portal/"
INTERVIEW = ("---\ntitle: T\nsummary: S\ndate: 2009-01-05\ninterviewee: {name: N, role: r, organisation: O}\n"
             "{tags}---\nBody\n")


def interview(tag_lines: str):
    text = INTERVIEW.replace("{tags}", tag_lines)
    doc, problems = frontmatter.parse(text, Path("x.md"), "content/interviews/x.md")
    assert not problems
    return interviews.from_document(doc, "x", "interviews/x/", "content/interviews/x.md", VOCAB)


def load_podcast(root: Path):
    return podcast.load(root, podcast.Options(site_url=SITE, today=dt.date(2026, 1, 1), vocabulary=VOCAB))


def test_an_interview_is_tagged_in_canonical_terms_and_catalogued_with_them():
    item, problems = interview("region: London\npathways: [Maternity & newborn]\n"
                               "competencies:\n  - conflict management\n  - Innovation\n")
    assert problems == []
    assert item.region.name == "NHS London" and [t.name for t in item.pathways] == ["Maternity and newborn"]
    entry = item.entry()
    assert (entry.regions, entry.pathways, entry.competencies) == (
        ("NHS London",), ("Maternity and newborn",), ("Conflict management", "Innovation"))
    untagged, problems = interview("")
    assert problems == [] and untagged.entry().regions == () and untagged.entry().competencies == ()


def test_a_misspelt_term_in_an_interview_names_the_file_line_field_and_what_was_meant():
    item, problems = interview("region: NHS Londn\ncompetencies: [Inovation]\n")
    assert item is None
    messages = [str(p) for p in problems]
    assert len(messages) == 2
    assert messages[0].startswith("content/interviews/x.md:6: region: 'NHS Londn' is not one of the allowed "
                                  "values: NHS North East, ")
    assert messages[0].endswith("Did you mean 'NHS London'?")
    assert messages[1].startswith("content/interviews/x.md:7: competencies: 'Inovation' is not one of the allowed")
    assert messages[1].endswith("Did you mean 'Innovation'?")
    _, problems = interview("region: [NHS London, NHS North West]\n")
    assert [str(p) for p in problems] == ["content/interviews/x.md:6: region: must be one region, not a list: the "
                                          "region it is about, for example 'region: NHS North West'"]


def test_an_episode_sidecar_is_tagged_and_a_typo_is_an_error_in_the_sidecar(tmp_path):
    folder = podcast_folder(tmp_path / "podcasts")
    add_episode(folder, "good", sidecar="---\ntranscript_exempt: silent\nregion: North West\n"
                                        "pathways:\n  - Urgent care\ncompetencies: [Developing others]\n---\n")
    add_episode(folder, "bad", sidecar="---\ntranscript_exempt: silent\npathways:\n  - Mental healt\n---\n")
    add_episode(folder, "draft", sidecar="---\ndraft: true\ncompetencies: [Resilience of teams]\n---\n")
    result = load_podcast(tmp_path)
    good = next(e for e in result.episodes if e.slug == "good")
    assert (good.region.name, [t.name for t in good.pathways]) == ("NHS North West", ["Acute care"])
    assert tags(good) == {"regions": ("NHS North West",), "pathways": ("Acute care",),
                          "competencies": ("Developing others",)}
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].startswith("podcasts/bad.md:3: pathways: 'Mental healt' is not one of the allowed values: ")
    assert errors[0].endswith("Did you mean 'Mental health'?")
    notes = [str(p) for p in result.problems if p.severity == "note"]  # a draft's problems wait
    assert any(n.startswith("podcasts/draft.md:3: competencies: 'Resilience of teams' is not one of") for n in notes)


def test_make_check_reports_both_typos_in_one_run_without_a_traceback(tmp_path):
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "episodes_site", dest)
    page = dest / "content" / "interviews" / "evaluating-the-network.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2009-04-01\n", "date: 2009-04-01\n"
                    "competencies: [Using evidence and measurement, Organisational savy]\n"), encoding="utf-8")
    folder = podcast_folder(dest / "podcasts")
    add_episode(folder, "talk", sidecar="---\ntranscript_exempt: silent\nregion: NHS South Wset\n---\n")
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=dest, env=build_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("ERROR: ") for line in lines) == 2, result.stdout
    assert any(line.startswith("ERROR: content/interviews/evaluating-the-network.md:5: competencies: "
                               "'Organisational savy' is not one of the allowed values")
               and line.endswith("Did you mean 'Organisational savvy'?") for line in lines), result.stdout
    assert any(line.startswith("ERROR: podcasts/talk.md:3: region: 'NHS South Wset' is not one of the allowed")
               and line.endswith("Did you mean 'NHS South West'?") for line in lines), result.stdout


def test_the_recommendations_include_episodes_and_interviews_best_match_first():
    def entry(slug, kind, competencies, date):
        return Entry(kind, slug, slug.replace("-", " "), f"x/{slug}/", date=dt.date.fromisoformat(date),
                     competencies=tuple(competencies))

    entries = [
        entry("column-on-conflict", "column", ["Conflict management"], "2009-06-01"),
        entry("episode-on-innovation-and-savvy", "episode", ["Innovation", "Organisational savvy"], "2009-01-01"),
        entry("interview-on-conflict", "interview", ["Conflict management"], "2009-07-01"),
        entry("case-on-resilience", "case study", ["Personal resilience"], "2009-08-01"),
    ]
    data = page_data(VOCAB, entries)
    ids = {c["name"]: [s["id"] for s in c["statements"]] for c in data["competencies"]}
    # Gaps to the top of the scale (3): conflict management 3, innovation 2, organisational savvy
    # 1.5 (two statements answered, 1 and 2); every other competency is at the top.
    answers = {i: 3 for name in ids for i in ids[name]}
    answers |= {i: 0 for i in ids["Conflict management"]} | {i: 1 for i in ids["Innovation"]}
    for i in ids["Organisational savvy"]:
        del answers[i]
    answers |= dict(zip(ids["Organisational savvy"], (1, 2)))
    result = assess(data, answers)
    assert result["focus"] == ["Conflict management", "Innovation", "Organisational savvy"]
    order = [data["items"][r["item"]]["title"] for r in result["recommendations"]]
    # The episode's two focus competencies add up to the largest gap (3.5); the interview and the
    # column show the lowest one (3), the newer first; the case study shows no focus competency.
    assert order == ["episode on innovation and savvy", "interview on conflict", "column on conflict"]
    assert [data["items"][r["item"]]["kind"] for r in result["recommendations"]][:2] == ["Episode", "Interview"]
