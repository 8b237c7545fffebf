"""The vendored OPAWG user-agents-v2 lists, the classifier over them, and the update script."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cln_portal.stats.agents import DATA, AgentError, Classifier, source

from conftest import REPO


@pytest.fixture(scope="module")
def classifier():
    return Classifier()


def test_the_lists_are_pinned_with_their_licence():
    pinned = source()
    assert len(pinned["commit"]) == 40 and pinned["repository"] == "https://github.com/opawg/user-agents-v2"
    assert (DATA / "LICENSE").read_text().startswith("MIT License")
    for name in ("bots", "apps", "libraries", "browsers", "devices"):
        assert json.loads((DATA / f"{name}.json").read_text())["entries"]


def test_every_bot_example_is_a_bot(classifier):
    entries = json.loads((DATA / "bots.json").read_text())["entries"]
    examples = [(e["name"], ua) for e in entries for ua in e.get("examples", [])]
    assert len(examples) > 200
    wrong = [(name, ua) for name, ua in examples if not classifier.classify(ua).is_bot]
    assert wrong == []


def test_apps_are_named_in_the_lists_order(classifier):
    cases = {"Podcasts/1650.20 CFNetwork/1333.0.4 Darwin/21.5.0": ("app", "Apple Podcasts"),
             "Spotify/8.9.0 Android/34 (Pixel 8)": ("app", "Spotify"),
             "PocketCasts/1.0 (Pocket Casts - Android v7.3)": ("app", "Pocket Casts"),
             "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36":
                 ("browser", "Chrome"),
             "AppleCoreMedia/1.0.0.20A362 (iPhone; U; CPU OS 16_0 like Mac OS X; en_gb)": ("library", "AppleCoreMedia"),
             "Googlebot/2.1 (+http://www.google.com/bot.html)": ("bot", "Googlebot"),
             "something nobody has heard of": ("unknown", "Unknown")}
    assert {ua: (a.kind, a.name) for ua in cases for a in [classifier.classify(ua)]} == cases
    assert classifier.classify("AppleCoreMedia/1.0.0.21R360 (Apple Watch; U; CPU OS 10_0 like Mac OS X)").apple_watch
    assert not classifier.classify("Podcasts/1650.20 CFNetwork/1333.0.4 Darwin/21.5.0").apple_watch


def test_a_broken_list_is_a_clear_error(tmp_path):
    for name in ("bots", "apps", "libraries", "browsers", "devices"):
        (tmp_path / f"{name}.json").write_text((DATA / f"{name}.json").read_text())
    (tmp_path / "apps.json").write_text('{"entries": [{"name": "x", "pattern": "("}]}')
    with pytest.raises(AgentError, match=r"apps\.json: cannot be read as an OPAWG list.*update_opawg"):
        Classifier(tmp_path)


def test_the_update_script_takes_a_given_commit(tmp_path, monkeypatch):
    upstream = tmp_path / "user-agents-v2"
    (upstream / "src").mkdir(parents=True)
    git = ["git", "-C", str(upstream), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(upstream)], check=True)
    for name in ("bots", "apps", "libraries", "browsers", "devices"):
        (upstream / "src" / f"{name}.json").write_text(json.dumps({"entries": [{"name": f"{name} one", "pattern": "^one/"}]}))
    (upstream / "LICENSE").write_text("MIT License\n")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    first = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    (upstream / "src" / "bots.json").write_text(json.dumps({"entries": [{"name": "later", "pattern": "^later/"}]}))
    subprocess.run([*git, "commit", "-qam", "two"], check=True)

    target = tmp_path / "vendored"
    target.mkdir()
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import update_opawg
    finally:
        sys.path.remove(str(REPO / "scripts"))
    monkeypatch.setattr(update_opawg, "TARGET", target)
    assert update_opawg.main([str(upstream), "--commit", first]) == 0
    assert json.loads((target / "SOURCE.json").read_text())["commit"] == first
    assert json.loads((target / "bots.json").read_text())["entries"][0]["name"] == "bots one"
    assert Classifier(target).classify("one/2").kind == "bot"

    (upstream / "src" / "apps.json").write_text('{"entries": [{"name": "bad", "pattern": "(("}]}')
    subprocess.run([*git, "commit", "-qam", "three"], check=True)
    with pytest.raises(SystemExit, match="does not compile"):
        update_opawg.main([str(upstream)])
    assert json.loads((target / "SOURCE.json").read_text())["commit"] == first  # nothing half-written
