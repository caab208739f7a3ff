from solution import filter_records

PEOPLE = [
    {"name": "ann", "age": 31, "tags": ["admin"]},
    {"name": "bob", "age": 25, "tags": []},
    {"name": "cy", "age": 40, "tags": ["dev", "admin"]},
]


def test_and():
    assert filter_records(PEOPLE, "age > 30 and tags contains 'admin'") == [PEOPLE[0], PEOPLE[2]]


def test_or_not():
    assert filter_records(PEOPLE, 'not name == "ann" or age < 26') == [PEOPLE[1], PEOPLE[2]]
