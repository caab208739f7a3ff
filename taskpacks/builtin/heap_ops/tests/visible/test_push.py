from solution import heap_push

CODEGYM_IN_PLACE = True  # the functions under test change their list/dict arguments in place


def test_push_smallest_goes_to_root():
    heap = []
    for x in [5, 3, 8, 1]:
        heap_push(heap, x)
    assert heap[0] == 1 and len(heap) == 4
