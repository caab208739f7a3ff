import copy
import random

from solution import DELETE, deep_merge

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(base, override):
    result = {}
    for k in list(base) + [k for k in override if k not in base]:
        if k in override:
            v = override[k]
            if v is DELETE:
                continue
            if k in base and isinstance(base[k], dict) and isinstance(v, dict):
                result[k] = oracle(base[k], v)
            elif isinstance(v, dict):
                result[k] = oracle({}, v)
            else:
                result[k] = copy.deepcopy(v)
        else:
            result[k] = copy.deepcopy(base[k])
    return result


def test_empty():
    assert deep_merge({}, {}) == {}
    assert deep_merge({"a": 1}, {}) == {"a": 1}
    assert deep_merge({}, {"a": 1}) == {"a": 1}


def test_lists_replaced_and_type_changes():
    assert deep_merge({"a": [1, 2]}, {"a": [3]}) == {"a": [3]}
    assert deep_merge({"a": {"x": 1}}, {"a": 5}) == {"a": 5}
    assert deep_merge({"a": 5}, {"a": {"x": 1}}) == {"a": {"x": 1}}


def test_delete_nested_and_missing():
    base = {"a": {"b": 1, "c": 2}}
    assert deep_merge(base, {"a": {"b": DELETE}, "zz": DELETE}) == {"a": {"c": 2}}
    assert deep_merge({}, {"a": {"b": DELETE, "c": 1}}) == {"a": {"c": 1}}


def test_key_order():
    result = deep_merge({"b": 1, "a": 2}, {"c": 3, "a": 4, "d": 5})
    assert list(result) == ["b", "a", "c", "d"]


def test_inputs_not_modified():
    base = {"a": {"b": [1]}, "k": 1}
    override = {"a": {"c": {"d": 2}}, "k": DELETE}
    base_copy = copy.deepcopy(base)
    override_snapshot = {"a": {"c": {"d": 2}}}
    deep_merge(base, override)
    assert base == base_copy
    assert override["a"] == override_snapshot["a"] and override["k"] is DELETE


def test_result_independent():
    base = {"a": {"b": [1, 2]}, "only": {"x": [0]}}
    override = {"a": {"c": [3]}, "new": {"y": [9]}}
    result = deep_merge(base, override)
    result["a"]["b"].append(99)
    result["a"]["c"].append(99)
    result["only"]["x"].append(99)
    result["new"]["y"].append(99)
    result["new"]["z"] = 1
    assert base == {"a": {"b": [1, 2]}, "only": {"x": [0]}}
    assert override == {"a": {"c": [3]}, "new": {"y": [9]}}


def test_random_against_oracle():
    rng = random.Random(1234)

    def gen(depth, allow_delete):
        d = {}
        for k in rng.sample("abcde", rng.randint(0, 4)):
            r = rng.random()
            if depth > 0 and r < 0.35:
                d[k] = gen(depth - 1, allow_delete)
            elif allow_delete and r < 0.45:
                d[k] = DELETE
            else:
                d[k] = rng.choice([1, "s", [1, 2], None])
        return d

    for _ in range(300):
        base, override = gen(3, False), gen(3, True)
        expected = oracle(base, override)  # computed before the solution can touch the inputs
        assert deep_merge(base, override) == expected
