from solution import count_leap_years, is_leap


def test_is_leap():
    assert is_leap(2024) is True
    assert is_leap(1900) is False
    assert is_leap(2000) is True


def test_count():
    assert count_leap_years(2000, 2010) == 3
