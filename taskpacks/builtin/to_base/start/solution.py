DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def to_base(n, base):
    """Represent the int n in the given base (2..36)."""
    pass


def from_base(s, base):
    """Parse a string written in the given base (2..36) into an int."""
    pass
