import datetime
import random

import pytest

from solution import format_date


def test_all_directives():
    assert format_date((2024, 12, 31), "%Y|%m|%d|%B|%b|%j|%A|%%") == \
        "2024|12|31|December|Dec|366|Tuesday|%"


def test_padding_small_year():
    assert format_date((7, 1, 2), "%Y-%m-%d %j") == "0007-01-02 002"


def test_literal_text_and_empty():
    assert format_date((2024, 1, 1), "") == ""
    assert format_date((2024, 1, 1), "Today: %A, 100%%") == "Today: Monday, 100%"


@pytest.mark.parametrize("fmt", ["%", "abc%", "%q", "%y", "%%%"])
def test_bad_directives(fmt):
    with pytest.raises(ValueError):
        format_date((2024, 1, 1), fmt)


def test_invalid_date():
    with pytest.raises(ValueError):
        format_date((2023, 2, 29), "%Y")


def test_random_against_strftime():
    rng = random.Random(1234)
    for _ in range(300):
        ordinal = rng.randint(1, datetime.date(9999, 12, 31).toordinal())
        dt = datetime.date.fromordinal(ordinal)
        fmt = "%B %b %A %j"
        expected = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} " + dt.strftime(fmt)
        assert format_date((dt.year, dt.month, dt.day), "%Y-%m-%d " + fmt) == expected
