from solution import MinStack


def test_basic():
    s = MinStack()
    s.push(3)
    s.push(1)
    s.push(2)
    assert s.get_min() == 1
    assert s.pop() == 2
    assert s.top() == 1


def test_len():
    s = MinStack()
    s.push(5)
    assert len(s) == 1
