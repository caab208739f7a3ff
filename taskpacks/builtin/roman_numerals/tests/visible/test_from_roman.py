from solution import from_roman


def test_examples():
    assert from_roman("IX") == 9
    assert from_roman("MCMXCIV") == 1994
