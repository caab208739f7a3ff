DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _check_base(base):
    if not 2 <= base <= 36:
        raise ValueError("base must be in 2..36")


def to_base(n, base):
    """Represent the int n in the given base (2..36)."""
    _check_base(base)
    if n == 0:
        return "0"
    sign, n = ("-", -n) if n < 0 else ("", n)
    digits = []
    while n:
        n, r = divmod(n, base)
        digits.append(DIGITS[r])
    return sign + "".join(reversed(digits))


def from_base(s, base):
    """Parse a string written in the given base (2..36) into an int."""
    _check_base(base)
    negative = s.startswith("-")
    body = s[1:] if negative else s
    if not body:
        raise ValueError(f"invalid number {s!r}")
    value = 0
    for ch in body.lower():
        d = DIGITS.find(ch)
        if d < 0 or d >= base:
            raise ValueError(f"invalid digit {ch!r} for base {base}")
        value = value * base + d
    return -value if negative else value
