"""The contributor guide, issue and pull request templates, and the GitHub workflows.

The workflows cannot run here; these tests hold them to what they must do, and keep the generated
parts of CONTRIBUTING.md in step with the vocabulary.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_repo
from cln_portal.content import vocabulary

SCRIPT = "scripts/update_contributing.py"
WORKFLOWS = REPO / ".github" / "workflows"
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def run_script(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / SCRIPT), "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True, timeout=60)


def test_the_generated_parts_match_the_vocabulary():
    result = run_script(REPO, "--check")
    assert result.returncode == 0, result.stderr


def test_every_allowed_value_is_in_the_guide():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    vocab = vocabulary.load(REPO / "content" / "_data" / "vocabulary.yml")
    for kind in vocabulary.KINDS:
        for name in vocab.names(kind):
            assert name in guide, (kind, name)


def test_editing_the_vocabulary_without_regenerating_fails_then_regenerating_fixes_it(tmp_path):
    project = copy_repo(tmp_path / "portal")
    path = project / "content" / "_data" / "vocabulary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - name: Mental health\n", "  - name: Mental health\n  - name: Learning disabilities\n"), encoding="utf-8")
    stale = run_script(project, "--check")
    assert stale.returncode == 1
    assert "CONTRIBUTING.md" in stale.stderr and ".github/ISSUE_TEMPLATE/case-study.yml" in stale.stderr
    assert "make contributing" in stale.stderr
    updated = run_script(project)
    assert updated.returncode == 0, updated.stderr
    assert "- Learning disabilities\n" in (project / "CONTRIBUTING.md").read_text(encoding="utf-8")
    form = yaml.safe_load((project / ".github" / "ISSUE_TEMPLATE" / "case-study.yml").read_text(encoding="utf-8"))
    pathways = next(item for item in form["body"] if item.get("id") == "pathways")
    assert "Learning disabilities" in pathways["attributes"]["options"]
    assert run_script(project, "--check").returncode == 0
    # Hand edits inside a generated section are put back.
    guide = project / "CONTRIBUTING.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("- NHS London\n", ""), encoding="utf-8")
    assert run_script(project, "--check").returncode == 1


def test_a_broken_vocabulary_is_reported_not_a_traceback(tmp_path):
    project = copy_repo(tmp_path / "portal")
    (project / "content" / "_data" / "vocabulary.yml").write_text("regions: [\n", encoding="utf-8")
    result = run_script(project, "--check")
    assert result.returncode == 1
    assert "content/_data/vocabulary.yml" in result.stderr and "Traceback" not in result.stderr


def load_yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_workflows_parse_and_pin_every_action_to_a_version(path):
    workflow = load_yaml(path)
    assert triggers(workflow) and workflow["jobs"]
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", step["uses"]), step["uses"]
        else:
            assert step.get("run"), step


def test_pull_requests_are_checked_built_tested_and_previewed():
    workflow = load_yaml(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in triggers(workflow)
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    uses = [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]
    assert "make check" in runs and "make build" in runs and "./.ci/run" in runs
    assert {"actions/checkout", "actions/setup-python", "actions/upload-artifact"} <= set(uses)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact"))
    # The preview is the build for reading from disk, made after the strict build of the site.
    assert upload["with"]["path"].rstrip("/") == "site-offline"
    order = [s.get("run") for s in workflow["jobs"]["check-and-build"]["steps"] if s.get("run")]
    assert order.index("make build") < order.index("make build-offline")
    assert workflow["permissions"] == {"contents": "read"}
    # The check runs before the build, so content problems are reported even if the build fails.
    job = workflow["jobs"]["check-and-build"]["steps"]
    order = [s.get("run") for s in job if s.get("run")]
    assert order.index("make check") < order.index("make build")


def test_main_is_built_and_deployed_to_github_pages():
    workflow = load_yaml(WORKFLOWS / "publish.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    uses = [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]
    assert {"actions/checkout", "actions/setup-python", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    pages = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"].rstrip("/") == "site"


def test_the_ci_script_installs_what_the_publishing_tests_need():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("rsync", "faketime", "git"):
        assert re.search(rf"\b{package}\b", ci), package


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.yml")), ids=lambda p: p.name)
def test_issue_forms_parse_with_the_fields_github_needs(path):
    form = load_yaml(path)
    if path.name == "config.yml":
        assert form["blank_issues_enabled"] is False
        return
    assert form["name"] and form["description"] and isinstance(form["body"], list)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(options) == len(set(options))


def test_there_are_forms_for_proposals_corrections_and_problems_and_a_pr_template():
    names = {p.name for p in FORMS.glob("*.yml")}
    assert {"case-study.yml", "content-correction.yml", "bug.yml"} <= names
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "- [ ]" in template and "CONTRIBUTING.md" in template


def test_the_guide_links_resolve_inside_the_guide():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", guide, re.M)}
    for anchor in re.findall(r"\]\(#([^)]+)\)", guide):
        assert anchor in headings, anchor


def test_a_new_column_field_without_a_description_fails_the_drift_check(tmp_path):
    project = copy_repo(tmp_path / "portal")
    model = project / "plugins" / "cln_portal" / "column" / "posts.py"
    model.write_text(model.read_text(encoding="utf-8").replace('"region", "related")', '"region", "related", "sponsor")'),
                     encoding="utf-8")
    result = run_script(project, "--check")
    assert result.returncode != 0
    assert "The column fields changed: describe sponsor in scripts/update_contributing.py" in result.stderr


def test_the_example_column_in_the_guide_passes_make_check(tmp_path):
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Write a column"):guide.index("HSJ style:")]
    example = "\n".join(line[4:] for line in section.splitlines() if line.startswith("    ")) + "\n"
    assert example.startswith("---\ntitle:")
    project = copy_repo(tmp_path / "portal")
    (project / "content" / "columns" / "posts" / "why-clinicians-must-lead-service-change.md").write_text(
        example, encoding="utf-8")
    env = dict(__import__("os").environ, NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "cln_portal", "check"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    posts = len(list((project / "content" / "columns" / "posts").glob("*.md")))
    assert f"{posts} columns" in result.stdout, "the example was not read as a column"


def test_a_new_case_study_field_without_a_description_fails_the_drift_check(tmp_path):
    project = copy_repo(tmp_path / "portal")
    model = project / "plugins" / "cln_portal" / "case_studies" / "model.py"
    text = model.read_text(encoding="utf-8")
    assert '    "status": "status: published",\n' in text
    model.write_text(text.replace('    "status": "status: published",\n',
                                  '    "status": "status: published",\n    "sponsor": "sponsor: A charity",\n'),
                     encoding="utf-8")
    result = run_script(project, "--check")
    assert result.returncode != 0
    assert "The case study fields changed: describe sponsor in scripts/update_contributing.py" in result.stderr


def test_the_example_messages_in_the_guide_are_the_checks_own(tmp_path):
    """Change a message in the loader: the guide's examples are then out of date."""
    project = copy_repo(tmp_path / "portal")
    vocabulary_module = project / "plugins" / "cln_portal" / "content" / "vocabulary.py"
    text = vocabulary_module.read_text(encoding="utf-8")
    assert "is not one of the allowed values" in text
    vocabulary_module.write_text(text.replace("is not one of the allowed values", "is not allowed; use one of"),
                                 encoding="utf-8")
    assert run_script(project, "--check").returncode == 1
    assert run_script(project).returncode == 0
    guide = (project / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "region: 'North West England' is not allowed; use one of" in guide
