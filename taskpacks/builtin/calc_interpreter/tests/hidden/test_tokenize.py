import random

import pytest

from solution import tokenize


def test_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \t\n ") == []


def test_numbers_int_and_float():
    toks = tokenize("007 3.50 10")
    assert toks == [("NUM", 7), ("NUM", 3.5), ("NUM", 10)]
    assert isinstance(toks[0][1], int) and isinstance(toks[1][1], float)


def test_all_operators_no_spaces():
    assert tokenize("-(a_1,b)%2^c/d") == [
        ("OP", "-"), ("OP", "("), ("IDENT", "a_1"), ("OP", ","), ("IDENT", "b"),
        ("OP", ")"), ("OP", "%"), ("NUM", 2), ("OP", "^"), ("IDENT", "c"),
        ("OP", "/"), ("IDENT", "d")]


def test_identifiers():
    assert tokenize("_x X9 sqrt") == [("IDENT", "_x"), ("IDENT", "X9"), ("IDENT", "sqrt")]


@pytest.mark.parametrize("bad", ["1 $ 2", "a = 1", "3.", ".5", "1.2.3", "2x", "3_", "é", "1 ! 2", "[1]"])
def test_errors(bad):
    with pytest.raises(ValueError):
        tokenize(bad)


def test_random_roundtrip():
    rng = random.Random(1234)
    for _ in range(300):
        tokens, parts = [], []
        for _ in range(rng.randint(0, 12)):
            kind = rng.choice(["NUM", "FLOAT", "IDENT", "OP"])
            if kind == "NUM":
                v = rng.randint(0, 999)
                tokens.append(("NUM", v))
                parts.append(str(v))
            elif kind == "FLOAT":
                v = rng.randint(0, 99) + rng.choice([0.5, 0.25, 0.125])
                tokens.append(("NUM", v))
                parts.append(repr(v))
            elif kind == "IDENT":
                v = rng.choice(["x", "y1", "_tmp", "abc_D"])
                tokens.append(("IDENT", v))
                parts.append(v)
            else:
                v = rng.choice("+-*/%^(),")
                tokens.append(("OP", v))
                parts.append(v)
        src = ""
        for i, p in enumerate(parts):
            needs_space = i > 0 and (parts[i - 1][-1].isalnum() or parts[i - 1][-1] == "_") and (p[0].isalnum() or p[0] == "_")
            src += (" " if needs_space else rng.choice(["", " ", "\t"])) + p
        assert tokenize(src) == tokens
