import pytest

from solution import mean


def test_mean():
    assert mean([1, 2, 3, 4]) == pytest.approx(2.5)
