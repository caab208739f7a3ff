from solution import tokenize


def test_simple():
    assert tokenize("x + 2.5*(y)") == [
        ("IDENT", "x"), ("OP", "+"), ("NUM", 2.5), ("OP", "*"),
        ("OP", "("), ("IDENT", "y"), ("OP", ")")]
