from solution import weekday


def test_monday():
    assert weekday((2024, 1, 1)) == 0
