def add(a, b):
    """Decimal string of a + b."""
    pass


def subtract(a, b):
    """Decimal string of a - b."""
    pass


def multiply(a, b):
    """Decimal string of a * b."""
    pass
