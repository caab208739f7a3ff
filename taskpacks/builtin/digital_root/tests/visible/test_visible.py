from solution import digital_root, persistence


def test_root():
    assert digital_root(9875) == 2


def test_persistence():
    assert persistence(9875) == 3
