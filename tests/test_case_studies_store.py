"""Case studies read in one build are kept for the next (.cache/cln-portal/case-studies.json)."""

from __future__ import annotations

import shutil

from cln_portal.content import vocabulary
from cln_portal.case_studies import load_all
from cln_portal.case_studies.store import Store
from conftest import REPO

VOCAB_FILE = REPO / "content" / "_data" / "vocabulary.yml"
VOCAB = vocabulary.load(VOCAB_FILE)


def project(tmp_path):
    shutil.copytree(REPO / "case_studies", tmp_path / "case_studies")
    vocab = tmp_path / "vocabulary.yml"
    shutil.copy(VOCAB_FILE, vocab)
    return tmp_path / "cache.json", vocab


def test_a_second_build_gets_the_same_case_studies_without_reading_them(tmp_path, monkeypatch):
    cache, vocab = project(tmp_path)
    store = Store(cache, VOCAB, vocab)
    fresh, problems = load_all(tmp_path, VOCAB, cache=store.entries)
    store.save()
    assert fresh and not problems and cache.exists()

    from cln_portal.case_studies import load as model
    monkeypatch.setattr(model, "load_one", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read again")))
    again = Store(cache, VOCAB, vocab)
    cached, problems = load_all(tmp_path, VOCAB, cache=again.entries)
    assert cached == fresh and not problems  # every field, terms and dates included


def test_a_changed_vocabulary_or_a_damaged_cache_means_reading_every_file(tmp_path):
    cache, vocab = project(tmp_path)
    store = Store(cache, VOCAB, vocab)
    load_all(tmp_path, VOCAB, cache=store.entries)
    store.save()
    assert Store(cache, VOCAB, vocab).entries

    vocab.write_text(vocab.read_text() + "\n# edited\n")
    assert Store(cache, VOCAB, vocab).entries == {}
    cache.write_text("{not json")
    assert Store(cache, VOCAB, vocab).entries == {}


def test_a_file_with_problems_is_not_kept_and_is_reported_again(tmp_path):
    cache, vocab = project(tmp_path)
    bad = tmp_path / "case_studies" / "bad.md"
    bad.write_text("---\ntitle: No other fields\n---\n\nText.\n")
    for _ in range(2):
        store = Store(cache, VOCAB, vocab)
        _, problems = load_all(tmp_path, VOCAB, cache=store.entries)
        store.save()
        assert any(p.path == "case_studies/bad.md" for p in problems)
    assert "bad.md" not in cache.read_text()
