import re

_VALID = re.compile(r"-?(0|[1-9][0-9]*)")


def _parse(s):
    if not isinstance(s, str) or not _VALID.fullmatch(s) or s == "-0":
        raise ValueError(f"invalid integer string {s!r}")
    negative = s.startswith("-")
    return negative, [int(d) for d in reversed(s.lstrip("-"))]


def _format(negative, digits):
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
    text = "".join(str(d) for d in reversed(digits))
    return "-" + text if negative and text != "0" else text


def _cmp_mag(x, y):
    if len(x) != len(y):
        return len(x) - len(y)
    for dx, dy in zip(reversed(x), reversed(y)):
        if dx != dy:
            return dx - dy
    return 0


def _add_mag(x, y):
    out, carry = [], 0
    for i in range(max(len(x), len(y))):
        s = (x[i] if i < len(x) else 0) + (y[i] if i < len(y) else 0) + carry
        out.append(s % 10)
        carry = s // 10
    if carry:
        out.append(carry)
    return out


def _sub_mag(x, y):  # requires |x| >= |y|
    out, borrow = [], 0
    for i in range(len(x)):
        d = x[i] - (y[i] if i < len(y) else 0) - borrow
        borrow = 1 if d < 0 else 0
        out.append(d + 10 if d < 0 else d)
    return out


def _signed_add(na, x, nb, y):
    if na == nb:
        return _format(na, _add_mag(x, y))
    if _cmp_mag(x, y) >= 0:
        return _format(na, _sub_mag(x, y))
    return _format(nb, _sub_mag(y, x))


def add(a, b):
    """Decimal string of a + b."""
    (na, x), (nb, y) = _parse(a), _parse(b)
    return _signed_add(na, x, nb, y)


def subtract(a, b):
    """Decimal string of a - b."""
    (na, x), (nb, y) = _parse(a), _parse(b)
    return _signed_add(na, x, not nb, y)


def multiply(a, b):
    """Decimal string of a * b."""
    (na, x), (nb, y) = _parse(a), _parse(b)
    out = [0] * (len(x) + len(y))
    for j, dy in enumerate(y):
        if dy == 0:
            continue
        carry = 0
        for i, dx in enumerate(x):
            s = out[i + j] + dx * dy + carry
            out[i + j] = s % 10
            carry = s // 10
        k = j + len(x)
        while carry:
            s = out[k] + carry
            out[k] = s % 10
            carry = s // 10
            k += 1
    return _format(na != nb, out)
