def build_codes(text):
    """Optimal prefix-free code table for the characters of text."""
    pass


def encode(text, codes):
    """Concatenate the codes of the characters of text."""
    pass


def decode(bits, codes):
    """Decode a bit string with a prefix-free code table."""
    pass
