import random

from solution import flatten

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle(obj):
    out = []
    for item in obj:
        if isinstance(item, (list, tuple)):
            out.extend(oracle(item))
        else:
            out.append(item)
    return out


def test_empty():
    assert flatten([]) == []
    assert flatten([[], [[]], ()]) == []


def test_atoms_not_flattened():
    data = ["abc", b"xy", {"k": [1]}, {1, 2}, None, 0]
    expected = list(data)  # a copy taken before the solution can touch the input
    assert flatten(data) == expected


def test_tuple_top_level():
    assert flatten((1, (2, 3), [4])) == [1, 2, 3, 4]


def test_deep_nesting():
    obj = [0]
    for i in range(1, 150):
        obj = [obj, i]
    assert flatten(obj) == list(range(150))


def test_not_modified():
    data = [1, [2, [3]]]
    result = flatten(data)
    assert data == [1, [2, [3]]]
    result.append(4)
    assert data == [1, [2, [3]]]


def test_returns_new_list_for_flat_input():
    data = [1, 2]
    result = flatten(data)
    assert result == [1, 2] and result is not data


def test_random_against_oracle():
    rng = random.Random(1234)

    def gen(depth):
        items = []
        for _ in range(rng.randint(0, 4)):
            r = rng.random()
            if depth < 5 and r < 0.3:
                items.append(gen(depth + 1))
            elif depth < 5 and r < 0.4:
                items.append(tuple(gen(depth + 1)))
            else:
                items.append(rng.choice([rng.randint(0, 9), "s", None]))
        return items

    for _ in range(300):
        obj = gen(0)
        expected = oracle(obj)  # computed before the solution can touch the inputs
        assert flatten(obj) == expected
