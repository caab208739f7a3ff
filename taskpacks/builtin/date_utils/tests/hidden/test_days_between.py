import datetime
import random

import pytest

from solution import days_between


def test_same_day_and_negative():
    assert days_between("2024-05-05", "2024-05-05") == 0
    assert days_between("2024-03-01", "2024-02-28") == -2


def test_non_leap_and_century():
    assert days_between("2023-02-28", "2023-03-01") == 1
    assert days_between("1900-02-28", "1900-03-01") == 1
    assert days_between("2000-02-28", "2000-03-01") == 2


def test_full_range():
    assert days_between("0001-01-01", "9999-12-31") == 3652058


def test_invalid_inputs():
    with pytest.raises(ValueError):
        days_between("2023-02-29", "2024-01-01")
    with pytest.raises(ValueError):
        days_between("2024-01-01", "2024-1-1")


def test_random_against_datetime():
    rng = random.Random(1234)
    hi = datetime.date(9999, 12, 31).toordinal()
    for _ in range(2000):
        a = datetime.date.fromordinal(rng.randint(1, hi))
        b = datetime.date.fromordinal(rng.randint(1, hi))
        assert days_between(a.isoformat(), b.isoformat()) == (b - a).days
