from solution import parse_csv_line


def test_example():
    assert parse_csv_line('a,"b,c","say ""hi""",') == ["a", "b,c", 'say "hi"', ""]


def test_simple():
    assert parse_csv_line("1,2,3") == ["1", "2", "3"]
