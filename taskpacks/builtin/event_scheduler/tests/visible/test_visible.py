from solution import Scheduler


def test_book_and_conflict():
    s = Scheduler()
    assert s.book("a", 1, 3) is True
    assert s.book("b", 3, 5) is True
    assert s.book("c", 2, 4) is False
    assert s.events() == [(1, 3, "a"), (3, 5, "b")]


def test_free_slots():
    s = Scheduler()
    s.book("a", 2, 4)
    assert s.free_slots(0, 10) == [(0, 2), (4, 10)]
