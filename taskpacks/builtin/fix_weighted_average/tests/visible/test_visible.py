import pytest

from solution import average


def test_plain_mean():
    assert average([1, 2, 3, 4]) == pytest.approx(2.5)


def test_empty():
    assert average([]) is None
