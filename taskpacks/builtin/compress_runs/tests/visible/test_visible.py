from solution import compress_runs


def test_example():
    assert compress_runs("aaabcc") == "a3bc2"


def test_no_runs():
    assert compress_runs("abc") == "abc"
