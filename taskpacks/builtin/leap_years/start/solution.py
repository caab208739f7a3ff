def is_leap(year):
    """True if year is a Gregorian leap year."""
    pass


def count_leap_years(start, end):
    """Number of leap years in the inclusive range [start, end]."""
    pass
