from solution import eval_rpn


def test_basic():
    assert eval_rpn("3 4 + 2 *") == 14


def test_dup():
    assert eval_rpn("5 dup *") == 25
