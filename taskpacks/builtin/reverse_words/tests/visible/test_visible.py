from solution import reverse_words


def test_two_words():
    assert reverse_words("hello world") == "olleh dlrow"


def test_punctuation():
    assert reverse_words("hi, you!") == ",ih !uoy"
