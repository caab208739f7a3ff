"""The default mutation source ships its verified ids: a fresh machine (empty cache) builds it without a sandbox."""

from __future__ import annotations

from codegym.tasks.sources import mutations
from codegym.tasks.sources.mutations import MutationSource


def test_default_source_loads_from_the_shipped_ids_without_verifying(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEGYM_CACHE", str(tmp_path))  # a fresh machine: nothing cached

    def no_sandbox(self, candidates):
        raise AssertionError("verified in the sandbox although the ids ship with the pack")

    monkeypatch.setattr(MutationSource, "verified_ids", no_sandbox)
    source = MutationSource()
    assert source._key() in mutations.shipped_verified_ids(), (
        "the shipped ids are stale: run `codegym tasks calibrate mutations --write`")
    tasks = source.load()
    assert 0 < len(tasks) < len(source.candidates())  # equivalent mutants were dropped, the rest kept


def test_other_options_do_not_match_the_shipped_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEGYM_CACHE", str(tmp_path))
    assert MutationSource(seed=1)._key() not in mutations.shipped_verified_ids()


def test_a_broken_shipped_file_is_ignored(tmp_path, monkeypatch):
    broken = tmp_path / "mutations_verified.json"
    broken.write_text("{not json")
    monkeypatch.setattr(mutations, "shipped_file", lambda: broken)
    assert mutations.shipped_verified_ids() == {}
