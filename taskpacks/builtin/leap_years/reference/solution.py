def is_leap(year):
    """True if year is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _leaps_up_to(year):
    """Leap years in [0, year] for year >= 0, shifted by a constant otherwise."""
    return year // 4 - year // 100 + year // 400


def count_leap_years(start, end):
    """Number of leap years in the inclusive range [start, end]."""
    if start > end:
        return 0
    return _leaps_up_to(end) - _leaps_up_to(start - 1)
