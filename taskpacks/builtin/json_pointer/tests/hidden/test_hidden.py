import random

import pytest

from solution import PointerError, resolve, to_pointer

RFC = {
    "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4,
    "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8,
}


def test_rfc_examples():
    assert resolve(RFC, "") == RFC
    assert resolve(RFC, "/foo") == RFC["foo"]
    assert resolve(RFC, "/foo/0") == "bar"
    assert resolve(RFC, "/") == 0
    for ptr, value in [("/a~1b", 1), ("/c%d", 2), ("/e^f", 3), ("/g|h", 4),
                       ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8)]:
        assert resolve(RFC, ptr) == value


def test_escape_order():
    doc = {"~1": "tilde-one", "/": "slash"}
    assert resolve(doc, "/~01") == "tilde-one"
    assert resolve(doc, "/~1") == "slash"
    assert to_pointer(["~1"]) == "/~01"


def test_syntax_errors():
    for bad in ("foo", "a/b", "/~2", "/x~", "/~a"):
        with pytest.raises(ValueError):
            resolve(RFC, bad)


@pytest.mark.parametrize("ptr", ["/missing", "/foo/2", "/foo/-", "/foo/01", "/foo/-1",
                                 "/foo/x", "/foo/0/0", "/ /x", "/foo/"])
def test_unresolvable(ptr):
    with pytest.raises(PointerError):
        resolve(RFC, ptr)


def test_pointer_error_is_lookup_error():
    assert issubclass(PointerError, LookupError)


def test_none_and_empty_containers():
    doc = {"n": None, "l": [], "d": {}}
    assert resolve(doc, "/n") is None
    with pytest.raises(PointerError):
        resolve(doc, "/n/x")
    with pytest.raises(PointerError):
        resolve(doc, "/l/0")


def test_to_pointer_empty():
    assert to_pointer([]) == ""
    assert to_pointer([""]) == "/"
    assert to_pointer(["0", "1"]) == "/0/1"


def test_random_paths_roundtrip():
    rng = random.Random(1234)
    keys = ["a", "b/c", "~", "~1", "", "x y", "é"]

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.3:
            return rng.choice([1, "s", None, 2.5])
        if r < 0.65:
            return {k: gen(depth - 1) for k in rng.sample(keys, rng.randint(0, 4))}
        return [gen(depth - 1) for _ in range(rng.randint(0, 12))]

    def paths(node, prefix):
        yield prefix, node
        if isinstance(node, dict):
            for k, v in node.items():
                yield from paths(v, prefix + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from paths(v, prefix + [str(i)])

    for _ in range(25):
        doc = gen(4)
        for tokens, node in paths(doc, []):
            ptr = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
            assert to_pointer(tokens) == ptr
            assert resolve(doc, ptr) == node
