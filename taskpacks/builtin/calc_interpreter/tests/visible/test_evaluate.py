from solution import evaluate


def test_arith():
    node = ("bin", "+", ("num", 1), ("bin", "*", ("var", "x"), ("num", 3)))
    assert evaluate(node, {"x": 2}) == 7
