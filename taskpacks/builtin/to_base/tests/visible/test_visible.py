from solution import from_base, to_base


def test_to_base():
    assert to_base(255, 16) == "ff"
    assert to_base(-5, 2) == "-101"


def test_from_base():
    assert from_base("ff", 16) == 255
