"""The web editor's configuration (content/admin/config.yml): generated from the vocabulary and the
content models, never out of date, and writing files the way they are already written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from cln_portal.case_studies import model as case_study
from cln_portal.cms.config import OUTPUT, VOCABULARY, render
from cln_portal.column import posts as column
from cln_portal.column.authors import load_authors
from cln_portal.content import vocabulary
from cln_portal.interviews import model as interview
from cln_portal.podcast.people import ROLES

from conftest import REPO, copy_repo, node_package, require_tool, run_build

CONFIG = yaml.safe_load((REPO / OUTPUT).read_text(encoding="utf-8"))
VOCAB = vocabulary.load(REPO / VOCABULARY)
COLLECTIONS = {c["name"]: c for c in CONFIG["collections"]}


def fields(collection: str) -> dict[str, dict]:
    return {f["name"]: f for f in COLLECTIONS[collection]["fields"]}


def names(kind: str) -> list[str]:
    return [t.name for t in VOCAB.terms[kind]]


def test_case_study_form_has_every_model_field_in_order_with_its_widget():
    form = fields("case_studies")
    assert list(form) == list(case_study.FIELDS) + ["body"]
    for name in case_study.FIELDS:
        assert form[name]["required"] is (name in case_study.REQUIRED), name
    assert form["region"] == {**form["region"], "widget": "select", "options": names("regions")}
    assert "multiple" not in form["region"]
    for name, kind in (("pathways", "pathways"), ("competencies", "competencies"), ("qualities", "qualities")):
        assert form[name]["widget"] == "select" and form[name]["multiple"] is True, name
        assert form[name]["options"] == names(kind), name
    assert form["pathways"]["min"] == 1
    assert [f["name"] for f in form["authors"]["fields"]] == ["name", "role"]
    assert form["authors"]["widget"] == "list" and form["authors"]["min"] == 1
    assert form["date"]["format"] == form["date"]["date_format"] == "YYYY-MM-DD"
    assert form["date"]["time_format"] is False
    assert form["status"]["options"] == list(case_study.STATUSES)
    assert form["related"]["widget"] == "cln-related"
    assert form["related"]["collections"] == ["case_studies", "episodes", "columns", "interviews"]
    assert form["body"]["modes"] == ["raw"]
    # A new case study starts with the five sections the checker asks for.
    assert [line[3:] for line in form["body"]["default"].splitlines() if line.startswith("## ")] \
        == list(case_study.SECTIONS)
    assert str(case_study.SUMMARY_LIMIT) in form["summary"]["pattern"][0]


def test_other_collections_follow_their_models():
    col = fields("columns")
    assert list(col) == list(column.FIELDS) + ["body"]
    authors, problems = load_authors(REPO / column.AUTHORS_FILE, column.AUTHORS_FILE)
    assert not problems and col["authors"]["options"] == list(authors)
    assert col["pathways"]["options"] == names("pathways") and col["region"]["options"] == names("regions")
    assert COLLECTIONS["columns"]["folder"] == column.POSTS_DIR
    inter = fields("interviews")
    assert set(inter) - {"body"} <= set(interview.FIELDS)
    assert [f["name"] for f in inter["interviewee"]["fields"]] == list(interview.PERSON_FIELDS["interviewee"])
    assert inter["episode"]["collection"] == "episodes"
    # As interviews.model.person checks; an optional person's parts are optional in the form,
    # since Decap would otherwise demand them even when the person is left out.
    assert [f["required"] for f in inter["interviewee"]["fields"]] == [True, True, True]
    assert inter["interviewer"]["required"] is False
    assert not any(f["required"] for f in inter["interviewer"]["fields"])
    episodes = COLLECTIONS["episodes"]
    assert episodes["folder"] == "podcasts" and episodes["create"] is False and episodes["delete"] is False
    ep = fields("episodes")
    assert {"persons", "related", "interviewee", "body"} <= set(ep)
    assert ep["persons"]["fields"][1]["options"] == list(ROLES)
    assert not {"guid", "artwork"} & set(ep), "the audio's identity stays with the comms team"
    for collection in COLLECTIONS.values():
        for field in collection["fields"]:
            if field["name"] == "body":
                assert field["widget"] == "markdown" and field["modes"] == ["raw"], collection["name"]


def test_editorial_workflow_and_backends():
    assert CONFIG["publish_mode"] == "editorial_workflow"
    assert CONFIG["backend"]["name"] == "github" and "/" in CONFIG["backend"]["repo"]
    # Decap asks decap-server only when opened on localhost or 127.0.0.1, on that host.
    assert CONFIG["local_backend"] == {}


def test_committed_config_is_up_to_date():
    assert (REPO / OUTPUT).read_text(encoding="utf-8") == render(REPO, VOCAB), "run `make cms`"


def run_cms(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "cln_portal.cms", "--root", str(root), *args],
                          capture_output=True, text=True, env=env)


def test_drift_a_vocabulary_edit_without_make_cms_fails(tmp_path):
    root = copy_repo(tmp_path / "repo")
    assert run_cms(root, "--check").returncode == 0
    vocab = root / VOCABULARY
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "  - name: End of life care\n", "  - name: Cancer\n  - name: End of life care\n"), encoding="utf-8")
    stale = run_cms(root, "--check")
    assert stale.returncode == 1 and "make cms" in stale.stderr
    assert run_cms(root).returncode == 0
    assert run_cms(root, "--check").returncode == 0
    regenerated = yaml.safe_load((root / OUTPUT).read_text(encoding="utf-8"))
    pathways = next(f for f in regenerated["collections"][0]["fields"] if f["name"] == "pathways")
    assert "Cancer" in pathways["options"]


def test_a_broken_settings_file_is_a_clear_error(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "content/_data/cms.yml").write_text("backend: {name: github}\n", encoding="utf-8")
    result = run_cms(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/_data/cms.yml" in result.stderr and "repo: owner/name" in result.stderr


def shipped_content() -> list[str]:
    out = []
    for collection in CONFIG["collections"]:
        out += sorted(p.relative_to(REPO).as_posix() for p in (REPO / collection["folder"]).glob("*.md")
                      if not p.name.startswith("_"))
    return out


def test_saving_any_shipped_file_unchanged_through_decaps_serializer_changes_nothing():
    """Decap's own formatter (decap-cms-core over the `yaml` package) on every shipped file, with
    the field order Decap uses: what it would write is byte for byte what is there."""
    node = require_tool("node", package="nodejs", why="the round trip runs Decap's YAML serializer")
    node_package("decap-cms-core/package.json", why="the round trip runs Decap's own serializer")
    files = shipped_content()
    assert len(files) >= 25
    result = subprocess.run([node, "scripts/decap_frontmatter.mjs", *files], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"Decap would rewrite: {result.stdout}{result.stderr}"


def require_node_modules() -> None:
    node_package("decap-cms/dist/decap-cms.js", why="the site serves Decap CMS from its own files")


def test_the_site_serves_decap_from_its_own_files_and_public_pages_never_load_it(shipped_site):
    require_node_modules()
    admin = shipped_site / "admin"
    assert (admin / "decap-cms.js").read_bytes() == (REPO / "node_modules/decap-cms/dist/decap-cms.js").read_bytes()
    chunks = list(admin.glob("*.decap-cms.js"))
    assert len(chunks) == len(list((REPO / "node_modules/decap-cms/dist").glob("*.decap-cms.js"))) > 10
    assert not list(admin.glob("*.map"))
    assert (admin / "config.yml").read_text(encoding="utf-8") == (REPO / OUTPUT).read_text(encoding="utf-8")
    html = (admin / "index.html").read_text(encoding="utf-8")
    listed = yaml.safe_load(html.split('id="cln-preview-styles">', 1)[1].split("</script>", 1)[0])
    assert any("main." in href for href in listed) and "../assets/stylesheets/case-studies.css" in listed
    for href in listed:  # every stylesheet the preview asks for is in the site
        assert (admin / href).resolve().is_file(), href
    for page in shipped_site.rglob("*.html"):
        if admin not in page.parents:
            assert "decap-cms" not in page.read_text(encoding="utf-8"), page


def test_without_node_modules_the_site_is_built_without_the_editor_and_says_so(tmp_path):
    root = copy_repo(tmp_path / "repo")
    assert not (root / "node_modules").exists()
    result = run_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "admin").exists()
    assert "Decap CMS is not installed" in result.stderr and "npm ci" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
