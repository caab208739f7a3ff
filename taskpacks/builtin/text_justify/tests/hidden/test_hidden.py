import random

import pytest

from solution import justify


def greedy_lines(words, width):
    lines, cur, length = [], [], -1
    for w in words:
        if cur and length + 1 + len(w) > width:
            lines.append(cur)
            cur, length = [], -1
        cur.append(w)
        length += 1 + len(w)
    if cur:
        lines.append(cur)
    return lines


def test_single_word_lines_left_aligned():
    assert justify("What must be acknowledgment shall be", 16) == [
        "What   must   be", "acknowledgment  ", "shall be        "]


def test_uneven_gaps_left_heavy():
    assert justify("a b c d e", 8) == ["a  b c d", "e       "]
    assert justify("aa b c dd ee", 10) == ["aa  b c dd", "ee        "]
    assert justify("aa b c dd", 10) == ["aa b c dd "]


def test_exact_width_word_and_width_one():
    assert justify("abc", 3) == ["abc"]
    assert justify("a b", 1) == ["a", "b"]


def test_whitespace_only_and_errors():
    assert justify("  \n\t ", 4) == []
    with pytest.raises(ValueError):
        justify("toolong", 3)
    with pytest.raises(ValueError):
        justify("a", 0)


def test_last_line_single_spaces():
    out = justify("Science is what we understand well enough to explain to a computer.", 20)
    assert out[-1] == "a computer.         "
    assert out[0] == "Science  is  what we"


def test_random_invariants():
    rng = random.Random(1234)
    for _ in range(400):
        width = rng.randint(3, 20)
        words = ["".join(rng.choice("xyz") for _ in range(rng.randint(1, width)))
                 for _ in range(rng.randint(1, 12))]
        out = justify(" ".join(words), width)
        lines = greedy_lines(words, width)
        assert len(out) == len(lines)
        for line, ws in zip(out, lines):
            assert len(line) == width
            assert line.split() == ws
        for line, ws in zip(out[:-1], lines[:-1]):
            if len(ws) == 1:
                assert line == ws[0].ljust(width)
                continue
            gaps = []
            rest = line[len(ws[0]):]
            for w in ws[1:]:
                idx = rest.index(w)
                gaps.append(idx)
                rest = rest[idx + len(w):]
            assert rest == ""
            assert max(gaps) - min(gaps) <= 1
            assert gaps == sorted(gaps, reverse=True)
        assert out[-1] == " ".join(lines[-1]).ljust(width)
