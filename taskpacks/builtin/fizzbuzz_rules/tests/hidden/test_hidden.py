import random

import pytest

from solution import fizzbuzz

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(n, rules):
    out = []
    for i in range(1, n + 1):
        s = ""
        for d, w in rules:
            if i % d == 0:
                s += w
        out.append(s if s else str(i))
    return out


def test_classic_default():
    expected = oracle(30, [(3, "Fizz"), (5, "Buzz")])  # computed before the solution can touch the inputs
    assert fizzbuzz(30) == expected


def test_zero_and_one():
    assert fizzbuzz(0) == []
    assert fizzbuzz(1) == ["1"]


def test_rule_order_matters():
    rules = [(5, "Buzz"), (3, "Fizz")]
    assert fizzbuzz(15, rules)[-1] == "BuzzFizz"
    expected = oracle(15, rules)  # computed before the solution can touch the inputs
    assert fizzbuzz(15, rules) == expected


def test_empty_rules_and_empty_words():
    assert fizzbuzz(5, []) == ["1", "2", "3", "4", "5"]
    assert fizzbuzz(4, [(2, "")]) == ["1", "2", "3", "4"]


def test_three_rules():
    rules = [(3, "Fizz"), (5, "Buzz"), (7, "Bazz")]
    result = fizzbuzz(105, rules)
    assert result[104] == "FizzBuzzBazz"
    assert result[20] == "FizzBazz"
    assert result == oracle(105, rules)


def test_errors():
    with pytest.raises(ValueError):
        fizzbuzz(-1)
    with pytest.raises(ValueError):
        fizzbuzz(10, [(0, "Zero")])
    with pytest.raises(ValueError):
        fizzbuzz(0, [(3, "Fizz"), (-2, "Neg")])


def test_rules_not_mutated():
    rules = [(2, "A"), (3, "B")]
    fizzbuzz(10, rules)
    assert rules == [(2, "A"), (3, "B")]


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(200):
        n = rng.randint(0, 60)
        rules = [(rng.randint(1, 12), rng.choice(["a", "Bb", "ccc", "Zz", "é"]))
                 for _ in range(rng.randint(0, 4))]
        expected = oracle(n, rules)  # computed before the solution can touch the inputs
        assert fizzbuzz(n, rules) == expected
