import random

import pytest

from solution import compare_versions

CHAIN = [
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
]


def test_spec_chain_all_pairs():
    for i, a in enumerate(CHAIN):
        for j, b in enumerate(CHAIN):
            expected = (i > j) - (i < j)
            assert compare_versions(a, b) == expected, (a, b)


def test_equal_and_build_ignored():
    assert compare_versions("1.2.3", "1.2.3") == 0
    assert compare_versions("1.0.0+a", "1.0.0+b") == 0
    assert compare_versions("1.0.0-rc.1+build.5", "1.0.0-rc.1") == 0
    assert compare_versions("1.0.0+001", "1.0.0") == 0


def test_numeric_vs_alnum_identifiers():
    assert compare_versions("1.0.0-1", "1.0.0-a") == -1
    assert compare_versions("1.0.0-10", "1.0.0-9") == 1
    assert compare_versions("1.0.0-B", "1.0.0-a") == -1
    assert compare_versions("1.0.0-a-1", "1.0.0-a") == 1
    assert compare_versions("1.0.0-0a", "1.0.0-1") == 1


def test_numeric_core_not_lexical():
    assert compare_versions("0.9.0", "0.10.0") == -1
    assert compare_versions("10.0.0", "9.9.9") == 1
    assert compare_versions("0.0.0", "0.0.1") == -1


@pytest.mark.parametrize("bad", [
    "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+",
    "1.2.3-a..b", "1.2.3-01", "1.2.3-a_b", " 1.2.3", "1.2.3 ", "", "1.2.-3", "a.b.c",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        compare_versions(bad, "1.0.0")
    with pytest.raises(ValueError):
        compare_versions("1.0.0", bad)


def oracle_key(v):
    v = v.split("+")[0]
    core, _, pre = v.partition("-")
    nums = tuple(int(x) for x in core.split("."))
    if not pre:
        return nums, (1,)
    ids = []
    for p in pre.split("."):
        ids.append((0, int(p), "") if p.isdigit() else (1, 0, p))
    return nums, (0, tuple(ids))


def test_random_against_oracle():
    rng = random.Random(1234)

    def gen():
        v = ".".join(str(rng.randint(0, 3)) for _ in range(3))
        if rng.random() < 0.6:
            ids = [rng.choice(["alpha", "beta", "rc", "0", "1", "2", "11", "x-y", "Z"])
                   for _ in range(rng.randint(1, 3))]
            v += "-" + ".".join(ids)
        if rng.random() < 0.3:
            v += "+" + rng.choice(["b1", "001", "exp.sha.5114f85"])
        return v

    for _ in range(500):
        a, b = gen(), gen()
        ka, kb = oracle_key(a), oracle_key(b)
        assert compare_versions(a, b) == (ka > kb) - (ka < kb), (a, b)
