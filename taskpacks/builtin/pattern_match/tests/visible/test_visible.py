from solution import matches


def test_star_and_dot():
    assert matches("a.*b", "axxb") is True
    assert matches("a.*b", "axxc") is False


def test_plus_question():
    assert matches("ab+c?", "abbb") is True
    assert matches("ab+c?", "ac") is False
