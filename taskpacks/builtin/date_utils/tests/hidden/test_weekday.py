import datetime
import random

import pytest

from solution import weekday


def test_known_days():
    assert weekday((1, 1, 1)) == 0
    assert weekday((2000, 1, 1)) == 5
    assert weekday((1969, 7, 20)) == 6
    assert weekday((9999, 12, 31)) == 4


def test_invalid():
    for bad in ((2023, 2, 29), (0, 1, 1), (2024, 13, 1), (2024, 6, 31)):
        with pytest.raises(ValueError):
            weekday(bad)


def test_consecutive_days_cycle():
    days = [weekday((2024, 2, d)) for d in range(1, 30)]
    assert days == [(3 + i) % 7 for i in range(29)]


def test_random_against_datetime():
    rng = random.Random(1234)
    hi = datetime.date(9999, 12, 31).toordinal()
    for _ in range(2000):
        dt = datetime.date.fromordinal(rng.randint(1, hi))
        assert weekday((dt.year, dt.month, dt.day)) == dt.weekday()
