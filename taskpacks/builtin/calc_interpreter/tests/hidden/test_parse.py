import random

import pytest

from solution import parse


def N(v):
    return ("NUM", v)


def I(name):
    return ("IDENT", name)


def O(c):
    return ("OP", c)


def test_single_values():
    assert parse([N(5)]) == ("num", 5)
    assert parse([I("x")]) == ("var", "x")


def test_left_associativity():
    assert parse([N(8), O("-"), N(3), O("-"), N(2)]) == \
        ("bin", "-", ("bin", "-", ("num", 8), ("num", 3)), ("num", 2))
    assert parse([N(8), O("/"), N(4), O("%"), N(3)]) == \
        ("bin", "%", ("bin", "/", ("num", 8), ("num", 4)), ("num", 3))


def test_power_right_assoc_and_unary():
    assert parse([N(2), O("^"), N(3), O("^"), N(2)]) == \
        ("bin", "^", ("num", 2), ("bin", "^", ("num", 3), ("num", 2)))
    assert parse([O("-"), N(2), O("^"), N(2)]) == ("neg", ("bin", "^", ("num", 2), ("num", 2)))
    assert parse([N(2), O("^"), O("-"), N(1)]) == ("bin", "^", ("num", 2), ("neg", ("num", 1)))
    assert parse([O("-"), O("-"), I("x")]) == ("neg", ("neg", ("var", "x")))


def test_parentheses_and_calls():
    assert parse([O("("), N(1), O("+"), N(2), O(")"), O("*"), N(3)]) == \
        ("bin", "*", ("bin", "+", ("num", 1), ("num", 2)), ("num", 3))
    assert parse([I("f"), O("("), O(")")]) == ("call", "f", [])
    assert parse([I("max"), O("("), N(1), O(","), I("y"), O("+"), N(2), O(")")]) == \
        ("call", "max", [("num", 1), ("bin", "+", ("var", "y"), ("num", 2))])


@pytest.mark.parametrize("tokens", [
    [], [N(1), O("+")], [O("("), N(1)], [N(1), N(2)], [I("f"), O("("), N(1), O(",")],
    [I("f"), O("("), N(1), O(","), O(")")], [O(")")], [N(1), O(")")], [O("*"), N(1)],
    [N(1), O("^")], [O(",")], [O("("), O(")")],
])
def test_errors(tokens):
    with pytest.raises(ValueError):
        parse(tokens)


def test_random_fully_parenthesized():
    rng = random.Random(1234)

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.25:
            if rng.random() < 0.5:
                v = rng.randint(0, 9)
                return ("num", v), [N(v)]
            name = rng.choice("xyz")
            return ("var", name), [I(name)]
        if r < 0.4:
            node, toks = gen(depth - 1)
            return ("neg", node), [O("-"), O("(")] + toks + [O(")")]
        if r < 0.5:
            args = [gen(depth - 1) for _ in range(rng.randint(0, 3))]
            toks = [I("fn"), O("(")]
            for k, (_, t) in enumerate(args):
                toks += ([O(",")] if k else []) + t
            return ("call", "fn", [a for a, _ in args]), toks + [O(")")]
        op = rng.choice("+-*/%^")
        (ln, lt), (rn, rt) = gen(depth - 1), gen(depth - 1)
        return ("bin", op, ln, rn), [O("("), O("(")] + lt + [O(")"), O(op), O("(")] + rt + [O(")"), O(")")]

    for _ in range(300):
        node, tokens = gen(4)
        assert parse(tokens) == node
