from solution import resolve, to_pointer

DOC = {"foo": ["bar", "baz"], "a/b": 1}


def test_resolve():
    assert resolve(DOC, "/foo/1") == "baz"
    assert resolve(DOC, "/a~1b") == 1


def test_to_pointer():
    assert to_pointer(["a/b", "c~d"]) == "/a~1b/c~0d"
