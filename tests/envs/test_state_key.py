"""The envs' test-report cache key frames every field: no crafted content shares another state's key."""

from __future__ import annotations

import hashlib

import pytest

from codegym.engine import content_key as _content_key


def _unframed_key(files, tests) -> str:
    """The key as it was: names and contents joined by NULs, groups closed by \\1."""
    digest = hashlib.sha256()
    for group in (files, tests):
        for name in sorted(group):
            digest.update(name.encode() + b"\0" + group[name].encode("utf-8", "surrogatepass") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


TESTS = {"test_visible.py": "from solution import f\n\ndef test_f():\n    assert f() == 1\n"}

#: Pairs of different states that shared one key under the unframed scheme.
COLLIDING = {
    # a NUL in a file's content fakes the end of that file and the start of another one
    "fake file boundary": (
        ({"helper.py": "X = 1\n\0solution.py\0def f():\n    return 1\n"}, TESTS),
        ({"helper.py": "X = 1\n", "solution.py": "def f():\n    return 1\n"}, TESTS),
    ),
    # a NUL and \1 fake the end of the solution group: a test file moves into the files
    "fake group boundary": (
        ({"solution.py": "A\0\1test_visible.py\0B"}, {"z.py": ""}),
        ({"solution.py": "A"}, {"test_visible.py": "B\0\1z.py\0"}),
    ),
}


@pytest.mark.parametrize("name", sorted(COLLIDING))
def test_states_that_collided_unframed_now_differ(name):
    (files_a, tests_a), (files_b, tests_b) = COLLIDING[name]
    assert (files_a, tests_a) != (files_b, tests_b)
    assert _unframed_key(files_a, tests_a) == _unframed_key(files_b, tests_b)  # the old flaw
    assert _content_key(files_a, tests_a) != _content_key(files_b, tests_b)


def test_key_depends_on_content_not_on_order():
    files = {"solution.py": "def f():\n    return 1\n", "helper.py": "X = 1\n"}
    same = dict(reversed(list(files.items())))
    assert _content_key(files, TESTS) == _content_key(same, TESTS)
    assert _content_key(files, TESTS) != _content_key({**files, "helper.py": "X = 2\n"}, TESTS)
    # a file moved between the groups is a different state
    assert _content_key({"a.py": "x"}, {}) != _content_key({}, {"a.py": "x"})
    # an empty file is not the same as no file
    assert _content_key({"a.py": ""}, {}) != _content_key({}, {})


def test_unencodable_text_is_keyed_distinctly():
    # a lone surrogate pair is a different str from the character it would encode
    assert _content_key({"a.py": "\ud83d\ude00"}, {}) != _content_key({"a.py": "\U0001f600"}, {})
