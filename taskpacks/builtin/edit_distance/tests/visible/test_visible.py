from solution import closest_matches, edit_distance


def test_kitten():
    assert edit_distance("kitten", "sitting") == 3


def test_closest():
    assert closest_matches("cat", ["cut", "dog", "cast", "cat"], 1) == ["cat", "cast", "cut"]
