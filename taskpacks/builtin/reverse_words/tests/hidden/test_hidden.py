import random
import re

from solution import reverse_words


def oracle(s):
    return "".join(part if part.isspace() else part[::-1]
                   for part in re.split(r"(\s+)", s) if part)


def test_empty_and_whitespace_only():
    assert reverse_words("") == ""
    assert reverse_words("   ") == "   "
    assert reverse_words("\t\n") == "\t\n"


def test_single_word():
    assert reverse_words("abc") == "cba"
    assert reverse_words("a") == "a"


def test_whitespace_preserved_exactly():
    assert reverse_words("  ab\tcd  ") == "  ba\tdc  "
    assert reverse_words("one  two\nthree") == "eno  owt\neerht"


def test_unicode():
    assert reverse_words("héllo wörld") == "olléh dlröw"
    assert reverse_words("日本 語") == "本日 語"


def test_not_reversing_word_order():
    assert reverse_words("ab cd ef") == "ba dc fe"


def test_idempotent_twice():
    s = "The quick\tbrown  fox."
    assert reverse_words(reverse_words(s)) == s


def test_random_against_oracle():
    rng = random.Random(1234)
    alphabet = "abcXYZ.,é  \t\n"
    for _ in range(300):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert reverse_words(s) == oracle(s)
