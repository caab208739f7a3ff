from solution import parse_date


def test_parse():
    assert parse_date("2024-02-29") == (2024, 2, 29)
