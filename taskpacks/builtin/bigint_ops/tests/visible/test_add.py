from solution import add


def test_add():
    assert add("999", "1") == "1000"
    assert add("-5", "3") == "-2"
