import math
import random

import pytest

from solution import evaluate


def num(v):
    return ("num", v)


def test_operators():
    assert evaluate(("bin", "/", num(7), num(2))) == 3.5
    assert isinstance(evaluate(("bin", "/", num(4), num(2))), float)
    assert evaluate(("bin", "%", num(-7), num(3))) == 2
    assert evaluate(("bin", "^", num(2), num(10))) == 1024
    assert evaluate(("neg", num(5))) == -5


def test_functions():
    assert evaluate(("call", "abs", [num(-3)])) == 3
    assert evaluate(("call", "sqrt", [num(16)])) == 4.0
    assert evaluate(("call", "min", [num(3), num(1), num(2)])) == 1
    assert evaluate(("call", "max", [num(3)])) == 3


def test_function_errors():
    with pytest.raises(ValueError):
        evaluate(("call", "sqrt", [num(-1)]))
    with pytest.raises(NameError):
        evaluate(("call", "nope", [num(1)]))
    with pytest.raises(TypeError):
        evaluate(("call", "abs", [num(1), num(2)]))
    with pytest.raises(TypeError):
        evaluate(("call", "min", []))
    with pytest.raises(TypeError):
        evaluate(("call", "sqrt", []))


def test_variables():
    assert evaluate(("var", "x"), {"x": 4.5}) == 4.5
    with pytest.raises(NameError):
        evaluate(("var", "x"))
    with pytest.raises(NameError):
        evaluate(("var", "y"), {"x": 1})


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        evaluate(("bin", "/", num(1), num(0)))
    with pytest.raises(ZeroDivisionError):
        evaluate(("bin", "%", num(1), num(0)))


def test_random_against_oracle():
    rng = random.Random(1234)
    env = {"x": 3, "y": -2, "z": 0.5}
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.3:
            if rng.random() < 0.5:
                v = rng.randint(-5, 9)
                return num(v), v
            name = rng.choice("xyz")
            return ("var", name), env[name]
        if r < 0.4:
            node, v = gen(depth - 1)
            return ("neg", node), -v
        if r < 0.5:
            args = [gen(depth - 1) for _ in range(rng.randint(1, 3))]
            fn = rng.choice(["min", "max"])
            vals = [v for _, v in args]
            return ("call", fn, [a for a, _ in args]), (min(vals) if fn == "min" else max(vals))
        if r < 0.55:
            node, v = gen(depth - 1)
            return ("call", "abs", [node]), abs(v)
        op = rng.choice("+-*")
        (ln, lv), (rn, rv) = gen(depth - 1), gen(depth - 1)
        return ("bin", op, ln, rn), ops[op](lv, rv)

    for _ in range(400):
        node, expected = gen(4)
        assert math.isclose(evaluate(node, env), expected, rel_tol=1e-9, abs_tol=1e-9)
