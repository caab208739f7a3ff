from solution import parse_json


def test_object():
    assert parse_json('{"a": [1, 2.5, "x"], "b": null}') == {"a": [1, 2.5, "x"], "b": None}


def test_literals():
    assert parse_json("true") is True
    assert parse_json(" false ") is False
