from solution import subtract


def test_subtract():
    assert subtract("1000", "1") == "999"
