from solution import heap_pop

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def test_pop_order():
    heap = [1, 3, 2, 7, 4]
    assert [heap_pop(heap) for _ in range(5)] == [1, 2, 3, 4, 7]
