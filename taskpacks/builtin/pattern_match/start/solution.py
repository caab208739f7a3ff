def matches(pattern, text):
    """Whole-text match of a mini regex with . * + ? and backslash escapes."""
    pass
