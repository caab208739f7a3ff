from solution import IntervalSet


def test_add_overlapping():
    s = IntervalSet()
    s.add(1, 5)
    s.add(3, 8)
    assert s.intervals() == [(1, 8)]


def test_remove_splits():
    s = IntervalSet()
    s.add(0, 10)
    s.remove(3, 5)
    assert s.intervals() == [(0, 3), (5, 10)]
    assert not s.contains(4) and s.contains(5)
