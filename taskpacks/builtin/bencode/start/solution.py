def encode(obj):
    """Serialize obj to bencode bytes."""
    pass


def decode(data):
    """Parse bencode bytes into Python objects."""
    pass
