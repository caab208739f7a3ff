import random

import pytest

from solution import MinStack


def test_empty_errors():
    s = MinStack()
    assert len(s) == 0
    for op in (s.pop, s.top, s.get_min):
        with pytest.raises(IndexError):
            op()


def test_min_restored_after_pop():
    s = MinStack()
    for x in [5, 3, 7, 3, 1]:
        s.push(x)
    assert s.get_min() == 1
    s.pop()
    assert s.get_min() == 3
    s.pop()
    assert s.get_min() == 3
    s.pop()
    assert s.get_min() == 3
    s.pop()
    assert s.get_min() == 5


def test_duplicate_minimums():
    s = MinStack()
    s.push(2)
    s.push(2)
    s.pop()
    assert s.get_min() == 2


def test_negative_and_float():
    s = MinStack()
    s.push(-1.5)
    s.push(0)
    s.push(-3)
    assert s.get_min() == -3
    assert s.pop() == -3
    assert s.get_min() == -1.5


def test_empty_again_after_pops():
    s = MinStack()
    s.push(1)
    s.pop()
    with pytest.raises(IndexError):
        s.get_min()
    s.push(9)
    assert s.get_min() == 9 and s.top() == 9


def test_many_operations_fast():
    s = MinStack()
    for i in range(5_000, 0, -1):
        s.push(i)
    for _ in range(4_999):
        s.get_min()
        s.pop()
    assert len(s) == 1 and s.get_min() == 5_000


def test_random_against_list_oracle():
    rng = random.Random(1234)
    s, ref = MinStack(), []
    for _ in range(3000):
        op = rng.random()
        if op < 0.5 or not ref:
            x = rng.randint(-50, 50)
            s.push(x)
            ref.append(x)
        elif op < 0.75:
            assert s.pop() == ref.pop()
        else:
            assert s.top() == ref[-1]
        assert len(s) == len(ref)
        if ref:
            assert s.get_min() == min(ref)
