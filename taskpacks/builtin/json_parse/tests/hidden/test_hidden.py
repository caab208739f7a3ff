import ast
import json
import pathlib
import random

import pytest

import solution
from solution import parse_json


def test_no_json_import():
    tree = ast.parse(pathlib.Path(solution.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "json" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "json"


def test_numbers():
    assert parse_json("0") == 0 and isinstance(parse_json("0"), int)
    assert parse_json("-0") == 0
    assert parse_json("-12") == -12
    assert parse_json("1.5e3") == 1500.0 and isinstance(parse_json("1E2"), float)
    assert parse_json("2e-2") == 0.02
    assert parse_json("123456789012345678901234567890") == 123456789012345678901234567890


def test_string_escapes():
    assert parse_json(r'"a\"b\\c\/d\b\f\n\r\t"') == 'a"b\\c/d\b\f\n\r\t'
    assert parse_json(r'"\u00e9\u00E9"') == "éé"
    assert parse_json(r'"\ud83d\ude00"') == "😀"
    assert parse_json(r'"\ud83d"') == "\ud83d"
    assert parse_json('"日本"') == "日本"


def test_nested_and_duplicates():
    assert parse_json('{"a": {"b": [[], {}]}, "a": 1}') == {"a": 1}
    assert parse_json('[{"x": [true, false, null]}]') == [{"x": [True, False, None]}]


def test_deep_nesting():
    depth = 200
    assert parse_json("[" * depth + "]" * depth) == json.loads("[" * depth + "]" * depth)


@pytest.mark.parametrize("bad", [
    "", " ", "01", "+1", ".5", "1.", "-", "1e", "NaN", "Infinity", "[1,]", '{"a":1,}',
    "{a:1}", "{'a':1}", "[1 2]", '"abc', '"\\x"', '"\\u12"', '"\\u12g4"', '"a\nb"',
    "tru", "nul", "[", "]", "{}{}", "1 2", '{"a" 1}', '{"a":}', "[,1]", "\u00a01",
    '"\t"', "TRUE",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        parse_json(bad)


def test_whitespace_kinds():
    assert parse_json(' \t\r\n[ 1 ,\n2 ]\r\n') == [1, 2]


def test_random_against_json_module():
    rng = random.Random(1234)

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.4:
            return rng.choice([
                rng.randint(-10 ** 6, 10 ** 6), rng.uniform(-1e6, 1e6), True, False, None,
                "".join(rng.choice('ab"\\/\n\té😀\u0001') for _ in range(rng.randint(0, 6))),
            ])
        if r < 0.7:
            return [gen(depth - 1) for _ in range(rng.randint(0, 4))]
        return {"".join(rng.choice("ké\"") for _ in range(rng.randint(0, 3))): gen(depth - 1)
                for _ in range(rng.randint(0, 4))}

    for _ in range(300):
        value = gen(4)
        text = json.dumps(value, ensure_ascii=rng.random() < 0.5,
                          indent=rng.choice([None, 2, "\t"]))
        assert parse_json(text) == json.loads(text)
