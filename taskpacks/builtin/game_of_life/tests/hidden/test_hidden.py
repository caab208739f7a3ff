import random

import pytest

from solution import life_step

CODEGYM_IN_PLACE = True  # argument changes are written back: the tests check inputs stay unchanged


def oracle_step(g, wrap):
    rows, cols = len(g), len(g[0])
    out = []
    for r in range(rows):
        row = []
        for c in range(cols):
            n = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if (dr, dc) == (0, 0):
                        continue
                    rr, cc = r + dr, c + dc
                    if wrap:
                        n += g[rr % rows][cc % cols]
                    elif 0 <= rr < rows and 0 <= cc < cols:
                        n += g[rr][cc]
            row.append(int(n == 3 or (n == 2 and g[r][c] == 1)))
        out.append(row)
    return out


GLIDER = [
    [0, 1, 0, 0, 0, 0],
    [0, 0, 1, 0, 0, 0],
    [1, 1, 1, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
]


def test_empty_and_zero_steps():
    assert life_step([]) == []
    g = [[1, 0], [0, 1]]
    out = life_step(g, steps=0)
    assert out == g and out is not g and out[0] is not g[0]


def test_blinker_period_two():
    g = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert life_step(g, steps=2) == g
    assert life_step(g, steps=1) != g


def test_glider_wraps_on_torus():
    after = life_step(GLIDER, steps=4, wrap=True)
    shifted = [[GLIDER[(r - 1) % 6][(c - 1) % 6] for c in range(6)] for r in range(6)]
    assert after == shifted
    back = life_step(GLIDER, steps=24, wrap=True)
    assert back == GLIDER


def test_edges_dead_without_wrap():
    g = [[1, 1, 1]]
    assert life_step(g) == [[0, 1, 0]]
    assert life_step(g, wrap=True) == [[0, 0, 0]]


def test_errors():
    with pytest.raises(ValueError):
        life_step([[0, 1], [1]])
    with pytest.raises(ValueError):
        life_step([[0, 2]])
    with pytest.raises(ValueError):
        life_step([[0, 1]], steps=-1)


def test_input_not_modified():
    g = [[0, 1, 0], [0, 1, 0], [0, 1, 0]]
    life_step(g, steps=3)
    assert g == [[0, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_random_against_oracle():
    rng = random.Random(1234)
    for _ in range(80):
        rows, cols = rng.randint(1, 7), rng.randint(1, 7)
        g = [[int(rng.random() < 0.4) for _ in range(cols)] for _ in range(rows)]
        wrap = rng.random() < 0.5
        steps = rng.randint(0, 3)
        expected = g
        for _ in range(steps):
            expected = oracle_step(expected, wrap)
        assert life_step(g, steps=steps, wrap=wrap) == expected
