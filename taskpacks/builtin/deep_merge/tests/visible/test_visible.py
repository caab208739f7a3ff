from solution import DELETE, deep_merge


def test_nested():
    base = {"a": 1, "b": {"x": 1, "y": 2}}
    override = {"b": {"y": 3, "z": 4}, "c": 5}
    assert deep_merge(base, override) == {"a": 1, "b": {"x": 1, "y": 3, "z": 4}, "c": 5}


def test_delete():
    assert deep_merge({"a": 1, "b": 2}, {"a": DELETE}) == {"b": 2}
