import random

from solution import count_leap_years, is_leap


def brute(start, end):
    return sum(1 for y in range(start, end + 1)
               if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))


def test_is_leap_rules():
    assert is_leap(1996) is True
    assert is_leap(1999) is False
    assert is_leap(2100) is False
    assert is_leap(2400) is True


def test_is_leap_zero_and_negative():
    assert is_leap(0) is True
    assert is_leap(-4) is True
    assert is_leap(-100) is False
    assert is_leap(-400) is True
    assert is_leap(-1) is False


def test_count_single_year_and_empty():
    assert count_leap_years(2000, 2000) == 1
    assert count_leap_years(1900, 1900) == 0
    assert count_leap_years(2010, 2000) == 0


def test_count_century():
    assert count_leap_years(1901, 2000) == 25
    assert count_leap_years(1801, 1900) == 24


def test_count_huge_range():
    assert count_leap_years(1, 400 * 10**12) == 97 * 10**12
    assert count_leap_years(-10**15, 10**15) == 2 * (97 * 10**15 // 400) + 1


def test_count_negative_ranges():
    assert count_leap_years(-400, -1) == brute(-400, -1)
    assert count_leap_years(-5, 5) == brute(-5, 5)


def test_random_against_brute():
    rng = random.Random(1234)
    for _ in range(300):
        a = rng.randint(-3000, 3000)
        b = a + rng.randint(-10, 900)
        assert count_leap_years(a, b) == brute(a, b)
        assert is_leap(a) == (brute(a, a) == 1)
