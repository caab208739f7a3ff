import random

import pytest

from solution import wrap


def oracle(text, width):
    lines, line = [], ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def test_exact_fit_boundary():
    assert wrap("ab cd", 5) == ["ab cd"]
    assert wrap("ab cd", 4) == ["ab", "cd"]
    assert wrap("abc de", 5) == ["abc", "de"]


def test_long_word_split_and_joined():
    assert wrap("abcdefgh ij", 3) == ["abc", "def", "gh", "ij"]
    assert wrap("x abcdefg y", 3) == ["x", "abc", "def", "g y"]


def test_width_one():
    assert wrap("ab c", 1) == ["a", "b", "c"]


def test_whitespace_handling():
    assert wrap("  a\t\tb \n c  ", 80) == ["a b c"]
    assert wrap(" \n\t ", 3) == []


def test_invalid_width():
    with pytest.raises(ValueError):
        wrap("abc", 0)


def test_line_length_invariant():
    text = "aa bb cc dd ee ff gg hh ii jj kk"
    for width in range(1, 12):
        lines = wrap(text, width)
        assert all(0 < len(line) <= width for line in lines)


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(400):
        words = ["".join(rng.choice("abcé") for _ in range(rng.randint(1, 9)))
                 for _ in range(rng.randint(0, 10))]
        text = "".join(w + rng.choice([" ", "  ", "\n", "\t"]) for w in words)
        width = rng.randint(1, 12)
        lines = wrap(text, width)
        assert lines == oracle(text, width)
        assert "".join(lines).replace(" ", "") == "".join(words)
