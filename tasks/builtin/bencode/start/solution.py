def encode(obj):
    """Serialize obj to bencode bytes."""
    return b""


def decode(data):
    """Parse bencode bytes into Python objects."""
    return None
