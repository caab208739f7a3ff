def flatten(obj):
    """Flatten nested lists/tuples into a flat list."""
    pass
