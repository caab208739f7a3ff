import random

import pytest

from solution import evaluate_sheet


def test_literals():
    result = evaluate_sheet({"A1": "", "A2": " 4.5 ", "A3": "-2", "A4": "abc", "A5": "1e3", "A6": "+1"})
    assert result == {"A1": 0.0, "A2": 4.5, "A3": -2.0, "A4": "#ERR", "A5": "#ERR", "A6": "#ERR"}
    assert isinstance(result["A3"], float)


def test_invalid_names():
    for bad in ("a1", "A0", "A01", "1A", "A", "A1B", ""):
        with pytest.raises(ValueError):
            evaluate_sheet({bad: "1"})


def test_precedence_unary_and_parens():
    r = evaluate_sheet({"A1": "=2+3*4", "A2": "=(2+3)*4", "A3": "=-2*-3", "A4": "=10/4",
                        "A5": "=8-3-2", "A6": "= 1 +  2 "})
    assert r == {"A1": 14.0, "A2": 20.0, "A3": 6.0, "A4": 2.5, "A5": 3.0, "A6": 3.0}


def test_missing_refs_are_zero_and_ranges():
    r = evaluate_sheet({"A1": "1", "B2": "5", "C1": "=SUM(B2:A1)", "C2": "=Z9+1",
                        "C3": "=MAX(A1:B2, -7)", "C4": "=MIN(A1:B2)", "C5": "=SUM(A1,B2,2)"})
    assert r["C1"] == 6.0 and r["C2"] == 1.0
    assert r["C3"] == 5.0 and r["C4"] == 0.0 and r["C5"] == 8.0


def test_multi_letter_columns():
    r = evaluate_sheet({"Z1": "1", "AA1": "2", "AB1": "=SUM(Z1:AA1)"})
    assert r["AB1"] == 3.0


def test_errors_propagate():
    r = evaluate_sheet({"A1": "=1/0", "A2": "=A1+1", "A3": "=SUM(A1:A1)", "A4": "=2+",
                        "A5": "=A4", "A6": "=A1:A2", "A7": "=FOO(1)", "A8": "=3", "A9": "=1/(A8-3)"})
    assert r == {"A1": "#ERR", "A2": "#ERR", "A3": "#ERR", "A4": "#ERR", "A5": "#ERR",
                 "A6": "#ERR", "A7": "#ERR", "A8": 3.0, "A9": "#ERR"}


def test_cycles_and_dependents():
    r = evaluate_sheet({"A1": "=A1", "B1": "=C1+1", "C1": "=SUM(B1:B2)", "D1": "=B1*0",
                        "E1": "=5", "F1": "=E1*2"})
    assert r == {"A1": "#ERR", "B1": "#ERR", "C1": "#ERR", "D1": "#ERR", "E1": 5.0, "F1": 10.0}


def test_long_chain_no_recursion_limit():
    n = 5000
    cells = {"A1": "1"}
    for i in range(2, n + 1):
        cells[f"A{i}"] = f"=A{i - 1}+1"
    r = evaluate_sheet(dict(reversed(list(cells.items()))))
    assert r[f"A{n}"] == float(n)


def test_random_acyclic_against_oracle():
    rng = random.Random(1234)
    for _ in range(100):
        cells, values = {}, {}
        for i in range(1, rng.randint(2, 12)):
            name = f"B{i}"
            prev = [f"B{k}" for k in range(1, i)]

            def gen(depth):
                r = rng.random()
                if depth == 0 or r < 0.3:
                    if prev and rng.random() < 0.6:
                        ref = rng.choice(prev)
                        return ref, values[ref]
                    v = rng.randint(0, 9)
                    return str(v), float(v)
                op = rng.choice("+-*")
                (ls, lv), (rs, rv) = gen(depth - 1), gen(depth - 1)
                val = lv + rv if op == "+" else lv - rv if op == "-" else lv * rv
                return f"({ls}{op}{rs})", val

            text, value = gen(3)
            cells[name] = "=" + text
            values[name] = value
        items = list(cells.items())
        rng.shuffle(items)
        result = evaluate_sheet(dict(items))
        for name, value in values.items():
            assert result[name] == pytest.approx(value)


def test_random_cycles_against_reachability():
    rng = random.Random(4321)
    for _ in range(150):
        n = rng.randint(1, 7)
        edges = {i: sorted(rng.sample(range(n), rng.randint(0, min(2, n)))) for i in range(n)}
        cells = {f"C{i + 1}": "=" + "+".join([f"C{j + 1}" for j in edges[i]] + ["1"]) for i in range(n)}

        def bad(i, seen=()):
            if i in seen:
                return True
            return any(bad(j, seen + (i,)) for j in edges[i])

        def value(i):
            return 1.0 + sum(value(j) for j in edges[i])

        result = evaluate_sheet(cells)
        for i in range(n):
            expected = "#ERR" if bad(i) else value(i)
            assert result[f"C{i + 1}"] == expected
