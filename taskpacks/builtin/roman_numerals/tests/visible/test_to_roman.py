from solution import to_roman


def test_examples():
    assert to_roman(4) == "IV"
    assert to_roman(1994) == "MCMXCIV"
