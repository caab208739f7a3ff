from solution import parse


def test_precedence():
    tokens = [("NUM", 1), ("OP", "+"), ("NUM", 2), ("OP", "*"), ("NUM", 3)]
    assert parse(tokens) == ("bin", "+", ("num", 1), ("bin", "*", ("num", 2), ("num", 3)))
