DELETE = object()


def deep_merge(base, override):
    """Recursively merge override into a copy of base (see the task statement)."""
    pass
