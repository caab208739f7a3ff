def parse_json(text):
    """Parse a strict JSON document into Python values."""
    pass
