import random

import pytest

from solution import decode


def test_scalars():
    assert decode(b"i0e") == 0
    assert decode(b"0:") == b""
    assert decode(b"3:a:b") == b"a:b"
    assert isinstance(decode(b"4:spam"), bytes)
    assert decode(b"i123456789012345678901234567890e") == 123456789012345678901234567890


def test_containers():
    assert decode(b"le") == []
    assert decode(b"de") == {}
    assert decode(b"ll1:aei-1ee") == [[b"a"], -1]
    assert decode(b"d1:ai1e1:bli2eee") == {b"a": 1, b"b": [2]}


@pytest.mark.parametrize("bad", [
    b"", b"i", b"ie", b"i-0e", b"i03e", b"i+3e", b"i1", b"i1.5e", b"4:spa", b"04:spam",
    b"l", b"li1e", b"d", b"d1:a", b"d1:ai1e", b"di1ei2ee", b"d1:bi1e1:ai2ee",
    b"d1:ai1e1:ai2ee", b"i1ei2e", b"x", b"-1:a", b"1a:x", b"le ", b":",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        decode(bad)


def test_deep_nesting():
    depth = 200
    value = decode(b"l" * depth + b"e" * depth)
    for _ in range(depth - 1):
        assert len(value) == 1
        value = value[0]
    assert value == []


def ref_encode(o):
    if isinstance(o, int):
        return f"i{o}e".encode()
    if isinstance(o, bytes):
        return str(len(o)).encode() + b":" + o
    if isinstance(o, list):
        return b"l" + b"".join(ref_encode(x) for x in o) + b"e"
    return b"d" + b"".join(ref_encode(k) + ref_encode(o[k]) for k in sorted(o)) + b"e"


def test_random_roundtrip():
    rng = random.Random(1234)

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.4:
            return rng.choice([rng.randint(-1000, 1000), bytes(rng.randrange(256) for _ in range(rng.randint(0, 12)))])
        if r < 0.7:
            return [gen(depth - 1) for _ in range(rng.randint(0, 4))]
        return {bytes(rng.choice(b"abc") for _ in range(rng.randint(0, 3))): gen(depth - 1)
                for _ in range(rng.randint(0, 4))}

    for _ in range(300):
        value = gen(4)
        data = ref_encode(value)
        assert decode(data) == value
        if len(data) > 1:
            with pytest.raises(ValueError):
                decode(data[:-1])
