import ast
import datetime
import pathlib
import random

import pytest

import solution
from solution import parse_date


def test_no_forbidden_imports():
    tree = ast.parse(pathlib.Path(solution.__file__).read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    assert not names & {"datetime", "calendar", "time"}


def test_bounds():
    assert parse_date("0001-01-01") == (1, 1, 1)
    assert parse_date("9999-12-31") == (9999, 12, 31)


@pytest.mark.parametrize("bad", [
    "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
    "0000-01-01", "2024-1-01", "24-01-01", "2024/01/01", " 2024-01-01", "2024-01-01 ",
    "2024-01-1", "20240101", "", "２０２４-01-01", "2024-01-01T00",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_leap_centuries():
    assert parse_date("2000-02-29") == (2000, 2, 29)
    with pytest.raises(ValueError):
        parse_date("2100-02-29")


def test_random_against_datetime():
    rng = random.Random(1234)
    for _ in range(500):
        y, m, d = rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 31)
        text = f"{y:04d}-{m:02d}-{d:02d}"
        try:
            datetime.date(y, m, d)
        except ValueError:
            with pytest.raises(ValueError):
                parse_date(text)
        else:
            assert parse_date(text) == (y, m, d)
