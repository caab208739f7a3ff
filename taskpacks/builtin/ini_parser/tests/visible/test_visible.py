from solution import parse_ini


def test_basic():
    text = "[server]\nHost = example.com\nport: 8080\n"
    assert parse_ini(text) == {"server": {"host": "example.com", "port": "8080"}}


def test_comments_and_blank_lines():
    text = "; comment\n\n[a]\n# another\nx=1\n"
    assert parse_ini(text) == {"a": {"x": "1"}}
