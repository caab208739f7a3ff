from solution import days_between


def test_leap_february():
    assert days_between("2024-02-28", "2024-03-01") == 2
