from solution import multiply


def test_multiply():
    assert multiply("12", "-34") == "-408"
