from solution import heapify

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def test_heapify_root():
    items = [9, 4, 7, 1]
    heapify(items)
    assert items[0] == 1
