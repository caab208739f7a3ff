"""Shared sources for the codegym.code tests."""

from __future__ import annotations

import pytest

REALISTIC_MODULE = '''"""Inventory helpers: the docstring mentions a < b, x + 1 and True."""
from __future__ import annotations

import math
from dataclasses import dataclass

LIMIT = 100


@dataclass
class Item:
    name: str
    price: float
    count: int = 0

    def total(self) -> float:
        """Price times count."""
        return self.price * self.count


class Inventory:
    """A bag of items."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def add(self, item: Item) -> None:
        if item.count < 0 or not item.name:
            raise ValueError(f"bad item {item.name!r} ({item.count + 1})")
        self.items.append(item)

    def value(self) -> float:
        total = 0.0
        for i in range(len(self.items)):
            total += self.items[i].total()
        return total

    def cheapest(self, k: int = 1) -> list[Item]:
        ordered = sorted(self.items, key=lambda it: it.price)
        return ordered[:k]

    def find(self, name: str) -> Item | None:
        lo, hi = 0, len(self.items) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.items[mid].name == name:
                return self.items[mid]
            if self.items[mid].name < name and True:
                lo = mid + 1
            else:
                hi = mid - 1
        return None


def split_even(values: list[int]) -> tuple[list[int], list[int]]:
    evens = [v for v in values if v % 2 == 0]
    odds = [v for v in values if v not in evens]
    ratio = len(evens) / max(len(values), 1)
    flags = [False, ratio >= 0.5, math.isclose(ratio, 1.0)]
    return evens, odds if flags else (odds, evens)  # comment: a < b


if __name__ == "__main__":
    print(split_even(list(range(LIMIT))))
'''


@pytest.fixture
def realistic_source() -> str:
    """A ~60-line module touching every mutation operator."""
    return REALISTIC_MODULE
