"""The mutations source frames what it hashes: seeds and the disk-cache key."""

from __future__ import annotations

import hashlib

import codegym.tasks
from codegym.tasks.sources import mutations
from codegym.tasks.sources.mutations import MutationSource, _stable_seed


def _colon_seed(*parts):
    """The seed as it was: the parts joined by ':'."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return [int.from_bytes(digest[i:i + 4], "big") for i in range(0, 16, 4)]


def test_seed_parts_are_framed():
    pairs = [(("a:b", "c"), ("a", "b:c")), ((0, "x", 1), ("0", "x", 1)), (("a", ""), ("a:",))]
    for left, right in pairs:
        assert _colon_seed(*left) == _colon_seed(*right)  # the old flaw
        assert _stable_seed(*left) != _stable_seed(*right)
    assert _stable_seed(0, "builtin/two_sum", 1, 0) == _stable_seed(0, "builtin/two_sum", 1, 0)
    assert len(_stable_seed(0, "x")) == 4


def test_cache_key_frames_task_files(monkeypatch):
    """Files whose names and contents fake a NUL boundary give different cache keys."""
    base = codegym.tasks.load("builtin")[0]
    ref_name, ref_text = sorted(base.reference.items())[0]
    test_name, test_text = sorted(base.hidden_tests.items())[0]

    def key_with(ref, tests):
        class Fake:
            def __init__(self):
                self.id, self.reference, self.hidden_tests = base.id, ref, tests

            def test_limit_s(self, suite):
                return base.test_limit_s(suite)

        monkeypatch.setattr(codegym.tasks, "load", lambda name, **kw: [Fake()])
        return MutationSource(seed=0)._key()

    # old scheme: name\0text\0 per file, reference then hidden with no group boundary
    moved = ({ref_name: ref_text + "\0" + test_name + "\0" + test_text}, {})
    split = ({ref_name: ref_text}, {test_name: test_text})
    old = lambda r, t: b"".join(n.encode() + b"\0" + x.encode() + b"\0" for files in (r, t) for n, x in sorted(files.items()))
    assert old(*moved) == old(*split)  # one file's text fakes the next file
    assert key_with(*moved) != key_with(*split)
    # a file moved from the reference to the hidden tests is another input
    assert key_with({ref_name: ref_text}, {test_name: test_text}) != key_with({ref_name: ref_text, test_name: test_text}, {})
    monkeypatch.undo()
    assert MutationSource(seed=0)._key() == MutationSource(seed=0)._key()
    assert MutationSource(seed=0)._key() != MutationSource(seed=1)._key()
    assert mutations.GENERATOR_VERSION == "2"
