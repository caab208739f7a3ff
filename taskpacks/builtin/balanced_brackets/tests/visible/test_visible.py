from solution import first_error, is_balanced


def test_balanced():
    assert is_balanced("a(b[c]d)e") is True
    assert first_error("a(b[c]d)e") == -1


def test_mismatch():
    assert first_error("(]") == 1
    assert is_balanced("(]") is False
