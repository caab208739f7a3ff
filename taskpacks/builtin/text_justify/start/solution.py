def justify(text, width):
    """Fully justify text into lines of exactly width characters."""
    pass
