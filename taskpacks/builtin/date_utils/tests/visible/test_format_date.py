from solution import format_date


def test_format():
    assert format_date((2024, 3, 5), "%d %B %Y") == "05 March 2024"
