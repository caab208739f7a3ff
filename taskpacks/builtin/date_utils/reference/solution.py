import re

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_in_month(y, m):
    if m == 2:
        return 29 if _is_leap(y) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _validate(date):
    y, m, d = date
    if not (1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= _days_in_month(y, m)):
        raise ValueError(f"invalid date {date!r}")


def _day_of_year(y, m, d):
    return _CUMULATIVE[m - 1] + d + (1 if m > 2 and _is_leap(y) else 0)


def _ordinal(date):
    """Days since 0001-01-01 (which is ordinal 0)."""
    y, m, d = date
    p = y - 1
    return p * 365 + p // 4 - p // 100 + p // 400 + _day_of_year(y, m, d) - 1


def parse_date(text):
    """Parse 'YYYY-MM-DD' into a (year, month, day) tuple."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"expected YYYY-MM-DD, got {text!r}")
    date = (int(text[:4]), int(text[5:7]), int(text[8:]))
    _validate(date)
    return date


def weekday(date):
    """Day of the week of a date tuple: 0 = Monday ... 6 = Sunday."""
    _validate(date)
    return _ordinal(date) % 7


def format_date(date, fmt):
    """Format a (year, month, day) tuple with %Y %m %d %B %b %j %A %% directives."""
    _validate(date)
    y, m, d = date
    values = {
        "Y": f"{y:04d}", "m": f"{m:02d}", "d": f"{d:02d}", "B": MONTHS[m - 1],
        "b": MONTHS[m - 1][:3], "j": f"{_day_of_year(y, m, d):03d}",
        "A": DAYS[weekday(date)], "%": "%",
    }
    out = []
    i = 0
    while i < len(fmt):
        if fmt[i] != "%":
            out.append(fmt[i])
            i += 1
            continue
        if i + 1 >= len(fmt) or fmt[i + 1] not in values:
            raise ValueError(f"bad directive at position {i}")
        out.append(values[fmt[i + 1]])
        i += 2
    return "".join(out)


def days_between(a, b):
    """Days from date string a to date string b."""
    return _ordinal(parse_date(b)) - _ordinal(parse_date(a))
