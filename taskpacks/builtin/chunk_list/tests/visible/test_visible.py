from solution import chunk_list


def test_example():
    assert chunk_list([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]


def test_pad():
    assert chunk_list([1, 2, 3], 2, pad=0) == [[1, 2], [3, 0]]
