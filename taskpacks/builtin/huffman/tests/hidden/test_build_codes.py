import heapq
import random
from collections import Counter

from solution import build_codes


def optimal_cost(text):
    counts = list(Counter(text).values())
    if len(counts) <= 1:
        return len(text)
    heapq.heapify(counts)
    cost = 0
    while len(counts) > 1:
        a, b = heapq.heappop(counts), heapq.heappop(counts)
        cost += a + b
        heapq.heappush(counts, a + b)
    return cost


def check(text, codes):
    assert set(codes) == set(text)
    values = list(codes.values())
    assert all(v and set(v) <= {"0", "1"} for v in values)
    for i, x in enumerate(values):
        for j, y in enumerate(values):
            assert i == j or not y.startswith(x)
    assert sum(len(codes[ch]) for ch in text) == optimal_cost(text)


def test_empty_and_single():
    assert build_codes("") == {}
    assert build_codes("zzzz") == {"z": "0"}


def test_two_symbols():
    codes = build_codes("ab")
    assert sorted(codes.values()) == ["0", "1"]


def test_unicode_and_whitespace():
    text = "héllo wörld 😀😀\n"
    check(text, build_codes(text))


def test_skewed_frequencies():
    text = "a" * 64 + "b" * 32 + "c" * 16 + "d" * 8 + "e" * 4 + "f" * 2 + "g" + "h"
    codes = build_codes(text)
    check(text, codes)
    assert len(codes["a"]) == 1 and len(codes["h"]) == 7


def test_large_text_fast():
    rng = random.Random(3)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(100_000))
    check(text[:2000] + "".join(sorted(set(text))), build_codes(text[:2000] + "".join(sorted(set(text)))))
    codes = build_codes(text)
    assert set(codes) == set(text)


def test_random_optimal():
    rng = random.Random(1234)
    for _ in range(200):
        text = "".join(rng.choice("abcdefg") * rng.randint(1, 5) for _ in range(rng.randint(1, 15)))
        check(text, build_codes(text))
