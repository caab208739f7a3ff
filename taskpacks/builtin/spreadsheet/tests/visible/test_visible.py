import pytest

from solution import evaluate_sheet


def test_formulas():
    result = evaluate_sheet({"A1": "2", "A2": "3", "B1": "=A1*A2+1", "B2": "=SUM(A1:A2)"})
    assert result["B1"] == pytest.approx(7.0)
    assert result["B2"] == pytest.approx(5.0)


def test_cycle():
    result = evaluate_sheet({"A1": "=B1", "B1": "=A1"})
    assert result == {"A1": "#ERR", "B1": "#ERR"}
