from solution import justify


def test_example():
    assert justify("This is an example of text justification.", 16) == [
        "This    is    an", "example  of text", "justification.  "]


def test_empty():
    assert justify("", 10) == []
