from solution import pascal_row


def test_row_zero():
    assert pascal_row(0) == [1]


def test_row_four():
    assert pascal_row(4) == [1, 4, 6, 4, 1]
