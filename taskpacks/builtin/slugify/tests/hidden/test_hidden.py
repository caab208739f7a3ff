import random
import re

import pytest

from solution import slugify


def test_only_symbols_and_empty():
    assert slugify("!!!") == ""
    assert slugify("") == ""
    assert slugify("___") == ""


def test_runs_collapse():
    assert slugify("a -- b__c") == "a-b-c"
    assert slugify("--Already-Slug--") == "already-slug"


def test_digits_and_underscore():
    assert slugify("Top_10 Tips 2024") == "top-10-tips-2024"


def test_non_ascii_removed():
    assert slugify("Straße 日本 naïve") == "stra-e-naive"
    assert slugify("ｆｕｌｌ ｗｉｄｔｈ") == "full-width"


def test_max_length():
    assert slugify("abc def", max_length=4) == "abc"
    assert slugify("abc def", max_length=5) == "abc-d"
    assert slugify("abc def", max_length=100) == "abc-def"
    assert slugify("abc", max_length=1) == "a"


def test_max_length_invalid():
    with pytest.raises(ValueError):
        slugify("abc", max_length=0)
    with pytest.raises(ValueError):
        slugify("abc", max_length=-3)


def test_random_invariants():
    rng = random.Random(1234)
    alphabet = "abcXYZ019 -_!.,"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        slug = slugify(text)
        assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
        runs = re.findall(r"[a-z0-9]+", text.lower())
        assert slug == "-".join(runs)
        limit = rng.randint(1, 10)
        short = slugify(text, max_length=limit)
        assert len(short) <= limit and slug.startswith(short)
        assert not short.endswith("-")
