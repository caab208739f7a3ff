import random

import pytest

from solution import filter_records

RECS = [
    {"id": 1, "name": "ann", "age": 31, "score": 2.5, "active": True, "tags": ["a", 1], "addr": {"city": "Oslo"}},
    {"id": 2, "name": "Bob", "age": 25, "active": False, "tags": [], "addr": {"city": "Rome", "zip": None}},
    {"id": 3, "name": "cy", "age": "40", "score": None, "tags": "abc", "addr": "none"},
    {"id": 4},
]


def ids(query):
    return [r["id"] for r in filter_records(RECS, query)]


def test_returns_same_objects():
    result = filter_records(RECS, "id == 1")
    assert result == [RECS[0]]


def test_missing_field_always_false():
    assert ids("age != 99") == [1, 2, 3]
    assert ids("not age != 99") == [4]
    assert ids("addr.city == 'Oslo'") == [1]
    assert ids("addr.zip == null") == [2]
    assert ids("addr.city != 'x'") == [1, 2]


def test_kinds():
    assert ids("active == true") == [1]
    assert ids("id == true") == []
    assert ids("age > 30") == [1]
    assert ids('age > "30"') == [3]
    assert ids("score >= 2.5") == [1]
    assert ids("score == null") == [3]
    assert ids("active < 1") == []
    assert ids("age == 31.0") == [1]


def test_contains():
    assert ids("tags contains 'a'") == [1, 3]
    assert ids("tags contains 1") == [1]
    assert ids("tags contains true") == []
    assert ids("name contains 'o'") == [2]
    assert ids("age contains '3'") == []


def test_precedence_and_parens():
    assert ids("id == 1 or id == 2 and age > 30") == [1]
    assert ids("(id == 1 or id == 2) and age < 30") == [2]
    assert ids("not not id == 4") == [4]
    assert ids("not (id == 1 or id == 2)") == [3, 4]


def test_strings_and_escapes():
    recs = [{"s": "it's"}, {"s": 'say "hi"'}, {"s": "back\\slash"}]
    assert filter_records(recs, r"s == 'it\'s'") == [recs[0]]
    assert filter_records(recs, r's contains "\"hi\""') == [recs[1]]
    assert filter_records(recs, r"s == 'back\\slash'") == [recs[2]]
    assert filter_records(recs, "s == 'and or not'") == []


def test_numbers():
    recs = [{"x": -3}, {"x": 0.5}, {"x": 10}]
    assert filter_records(recs, "x < 0") == [recs[0]]
    assert filter_records(recs, "x<=0.5") == recs[:2]
    assert filter_records(recs, "x>-4") == recs


@pytest.mark.parametrize("bad", [
    "", "   ", "age", "age >", "age > > 3", "age = 3", "(age > 3", "age > 3)", "age > 3 and",
    "and age > 3", "not", "age > 3 age < 4", "age > foo", "3 > age", "age > 'open",
    "and == 1", "age > 3 or or age < 1", "a.and == 1", "age >= 1.", "age in 3",
])
def test_syntax_errors(bad):
    with pytest.raises(ValueError):
        filter_records([], bad)


def test_random_queries_against_model():
    rng = random.Random(1234)
    fields = ["a", "b", "n.c"]
    values = [0, 1, 2, -1, 1.5, "x", "xy", True, False, None]

    def lit(v):
        if v is True:
            return "true"
        if v is False:
            return "false"
        if v is None:
            return "null"
        if isinstance(v, str):
            return rng.choice(["'%s'", '"%s"']) % v
        return str(v)

    def kind(v):
        if isinstance(v, bool):
            return "b"
        if isinstance(v, (int, float)):
            return "n"
        if isinstance(v, str):
            return "s"
        return "z" if v is None else ("l" if isinstance(v, list) else "o")

    def eq(x, y):
        return kind(x) == kind(y) and x == y

    def cmp(val, op, v):
        if op == "==":
            return eq(val, v)
        if op == "!=":
            return not eq(val, v)
        if op == "contains":
            if isinstance(val, str) and isinstance(v, str):
                return v in val
            return isinstance(val, list) and any(eq(e, v) for e in val)
        if kind(val) != kind(v) or kind(val) not in "ns":
            return False
        return {"<": val < v, "<=": val <= v, ">": val > v, ">=": val >= v}[op]

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.4:
            f, op, v = rng.choice(fields), rng.choice(["==", "!=", "<", "<=", ">", ">=", "contains"]), rng.choice(values)

            def fn(rec, f=f, op=op, v=v):
                cur = rec
                for part in f.split("."):
                    if not isinstance(cur, dict) or part not in cur:
                        return False
                    cur = cur[part]
                return cmp(cur, op, v)
            return f"{f} {op} {lit(v)}", fn
        if r < 0.55:
            s, fn = gen(depth - 1)
            return f"not ({s})", lambda rec, fn=fn: not fn(rec)
        (ls, lf), (rs, rf) = gen(depth - 1), gen(depth - 1)
        if rng.random() < 0.5:
            return f"({ls}) and ({rs})", lambda rec, lf=lf, rf=rf: lf(rec) and rf(rec)
        return f"({ls}) or ({rs})", lambda rec, lf=lf, rf=rf: lf(rec) or rf(rec)

    def rand_value():
        return rng.choice(values + [["x", 1], [True], "axyz"])

    records = []
    for _ in range(30):
        rec = {}
        for f in ("a", "b"):
            if rng.random() < 0.8:
                rec[f] = rand_value()
        if rng.random() < 0.7:
            rec["n"] = {"c": rand_value()} if rng.random() < 0.8 else rand_value()
        records.append(rec)
    for _ in range(300):
        query, fn = gen(3)
        assert filter_records(records, query) == [r for r in records if fn(r)], query
