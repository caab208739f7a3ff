import random

import pytest

from solution import eval_rpn


def test_single_number_and_whitespace():
    assert eval_rpn("42") == 42
    assert eval_rpn("  \t-7 \n") == -7
    assert eval_rpn("007") == 7


def test_truncating_division():
    assert eval_rpn("7 2 /") == 3
    assert eval_rpn("-7 2 /") == -3
    assert eval_rpn("7 -2 /") == -3
    assert eval_rpn("-7 -2 /") == 3
    assert eval_rpn("1 3 /") == 0


def test_operand_order():
    assert eval_rpn("10 3 -") == 7
    assert eval_rpn("3 10 swap -") == 7
    assert eval_rpn("2 3 4 * +") == 14


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        eval_rpn("1 0 /")


@pytest.mark.parametrize("bad", ["", "   ", "1 +", "+", "1 2", "swap", "1 swap", "dup",
                                 "1 2 x", "+3", "1 2 ^", "3.5", "1 2 add", "--1"])
def test_errors(bad):
    with pytest.raises(ValueError):
        eval_rpn(bad)


def test_big_numbers():
    assert eval_rpn("99999999999999999999 dup *") == 99999999999999999999 ** 2


def test_random_expression_trees():
    rng = random.Random(1234)

    def tdiv(a, b):
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q

    def gen(depth):
        if depth == 0 or rng.random() < 0.3:
            v = rng.randint(-20, 20)
            return str(v), v
        op = rng.choice("+-*/")
        ls, lv = gen(depth - 1)
        rs, rv = gen(depth - 1)
        if op == "/" and rv == 0:
            op = "+"
        value = {"+": lv + rv, "-": lv - rv, "*": lv * rv}.get(op) if op != "/" else tdiv(lv, rv)
        return f"{ls} {rs} {op}", value

    for _ in range(400):
        text, value = gen(rng.randint(0, 5))
        assert eval_rpn(text) == value
