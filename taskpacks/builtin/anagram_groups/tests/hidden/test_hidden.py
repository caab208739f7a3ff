import random
from collections import Counter

from solution import group_anagrams


def oracle(words):
    groups = []
    for w in words:
        for g in groups:
            if Counter(g[0]) == Counter(w):
                g.append(w)
                break
        else:
            groups.append([w])
    return groups


def test_case_sensitive():
    assert group_anagrams(["Ab", "ba", "bA"]) == [["Ab", "bA"], ["ba"]]


def test_duplicates_kept():
    assert group_anagrams(["ab", "ab", "ba"]) == [["ab", "ab", "ba"]]


def test_empty_string_word():
    assert group_anagrams(["", "a", ""]) == [["", ""], ["a"]]


def test_multiplicity_matters():
    assert group_anagrams(["aab", "abb", "aba"]) == [["aab", "aba"], ["abb"]]


def test_spaces_and_unicode():
    assert group_anagrams(["a b", "ba ", "é1", "1é"]) == [["a b", "ba "], ["é1", "1é"]]


def test_large_input():
    words = ["".join(p) for p in ["abc", "bca", "cab", "xyz"]] * 25_000
    result = group_anagrams(words)
    assert [len(g) for g in result] == [75_000, 25_000]


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(200):
        words = ["".join(rng.choice("abcA") for _ in range(rng.randint(0, 3)))
                 for _ in range(rng.randint(0, 12))]
        assert group_anagrams(words) == oracle(words)
