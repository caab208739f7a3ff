import random

import pytest

from solution import encode


def test_scalars():
    assert encode(0) == b"i0e"
    assert encode(-17) == b"i-17e"
    assert encode(b"") == b"0:"
    assert encode("é") == b"2:\xc3\xa9"
    assert encode(10 ** 30) == b"i" + str(10 ** 30).encode() + b"e"


def test_containers():
    assert encode([]) == b"le"
    assert encode({}) == b"de"
    assert encode((1, [b"x"])) == b"li1el1:xee"


def test_key_order_by_bytes():
    assert encode({"b": 1, "a": 2, b"ab": 3}) == b"d1:ai2e2:abi3e1:bi1ee"
    assert encode({"Z": 1, "a": 2}) == b"d1:Zi1e1:ai2ee"
    assert encode({"é": 1, "z": 2}) == b"d1:zi2e2:\xc3\xa9i1ee"


@pytest.mark.parametrize("bad", [True, False, None, 1.5, {1: 2}, {(1,): 2}, [set()], object()])
def test_type_errors(bad):
    with pytest.raises(TypeError):
        encode(bad)


def test_duplicate_keys():
    with pytest.raises(ValueError):
        encode({"a": 1, b"a": 2})


def ref_encode(o):
    if isinstance(o, int):
        return f"i{o}e".encode()
    if isinstance(o, str):
        o = o.encode()
    if isinstance(o, bytes):
        return str(len(o)).encode() + b":" + o
    if isinstance(o, list):
        return b"l" + b"".join(ref_encode(x) for x in o) + b"e"
    keys = sorted(o, key=lambda k: k.encode() if isinstance(k, str) else k)
    return b"d" + b"".join(ref_encode(k) + ref_encode(o[k]) for k in keys) + b"e"


def test_random_against_reference():
    rng = random.Random(1234)

    def gen(depth):
        r = rng.random()
        if depth == 0 or r < 0.4:
            return rng.choice([rng.randint(-1000, 1000), bytes(rng.randrange(256) for _ in range(rng.randint(0, 5))),
                               "".join(rng.choice("aé:e") for _ in range(rng.randint(0, 4)))])
        if r < 0.7:
            return [gen(depth - 1) for _ in range(rng.randint(0, 4))]
        return {"".join(rng.choice("abcxyz") for _ in range(rng.randint(0, 3))): gen(depth - 1)
                for _ in range(rng.randint(0, 4))}

    for _ in range(300):
        value = gen(4)
        assert encode(value) == ref_encode(value)
