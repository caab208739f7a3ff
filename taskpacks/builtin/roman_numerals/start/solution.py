def to_roman(n):
    """Canonical Roman numeral for 1 <= n <= 3999."""
    pass


def from_roman(s):
    """Value of a canonical Roman numeral; ValueError if not canonical."""
    pass
