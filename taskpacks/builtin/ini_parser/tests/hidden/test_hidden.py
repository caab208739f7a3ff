import random

import pytest

from solution import IniError, parse_ini


def test_empty():
    assert parse_ini("") == {}
    assert parse_ini("\n  \n; c\n") == {}


def test_global_section_and_empty_sections():
    text = "name = top\n[empty]\n[s]\nk = v\n"
    result = parse_ini(text)
    assert result == {"": {"name": "top"}, "empty": {}, "s": {"k": "v"}}
    assert list(result) == ["", "empty", "s"]


def test_first_separator_wins():
    result = parse_ini("[s]\nurl = http://x:80/a=b\ntime: 12:30 = noon\n")
    assert result == {"s": {"url": "http://x:80/a=b", "time": "12:30 = noon"}}


def test_empty_value_and_key_case():
    assert parse_ini("[S]\nKEY=\n") == {"S": {"key": ""}}
    assert parse_ini("[S]\n[s]\n") == {"S": {}, "s": {}}


def test_repeated_section_and_key():
    text = "[a]\nx=1\n[b]\ny=2\n[a]\nx=3\nz=4\n"
    result = parse_ini(text)
    assert result == {"a": {"x": "3", "z": "4"}, "b": {"y": "2"}}
    assert list(result) == ["a", "b"]


def test_continuation_lines():
    text = "[m]\nmsg = hello\n  world\n\t; not a comment\nother = 1\n"
    assert parse_ini(text) == {"m": {"msg": "hello\nworld\n; not a comment", "other": "1"}}


def test_indented_line_after_blank_or_header_is_normal():
    text = "[m]\nmsg = a\n\n  b = 2\n[n]\n  c = 3\n"
    assert parse_ini(text) == {"m": {"msg": "a", "b": "2"}, "n": {"c": "3"}}


def test_comment_breaks_continuation():
    text = "[m]\nk = a\n# c\n  x = y\n"
    assert parse_ini(text) == {"m": {"k": "a", "x": "y"}}


def test_crlf_lines():
    assert parse_ini("[a]\r\nk = v\r\n") == {"a": {"k": "v"}}


@pytest.mark.parametrize("text, lineno", [
    ("[a]\nno separator here\n", 2),
    ("[a\nk=v\n", 1),
    ("[ok]\nk=v\n[ ]\n", 3),
    ("k=v\n\n= value\n", 3),
    ("[a]]x\n", 1),
])
def test_errors_with_lineno(text, lineno):
    with pytest.raises(IniError) as info:
        parse_ini(text)
    assert info.value.lineno == lineno
    assert isinstance(info.value, ValueError)


def test_random_roundtrip():
    rng = random.Random(1234)
    for _ in range(200):
        expected, lines = {}, []
        for s in range(rng.randint(0, 4)):
            name = rng.choice(["alpha", "Beta", "g h", "s1"]) + str(s)
            section = expected.setdefault(name, {})
            lines.append(rng.choice([f"[{name}]", f"[ {name} ]  "]))
            for _ in range(rng.randint(0, 4)):
                key = rng.choice(["Key", "path", "x y", "n"]) + str(rng.randint(0, 3))
                value = rng.choice(["", "1", "a b", "x=y", "c:d", "; semi"])
                sep = rng.choice(["=", " = ", ": ", ":"])
                lines.append(f"{key}{sep}{value}")
                section[key.lower()] = value.strip()
                if rng.random() < 0.2:
                    lines.append("; comment")
                if rng.random() < 0.2:
                    lines.append("")
        assert parse_ini("\n".join(lines)) == expected
