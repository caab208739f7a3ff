_MISSING = object()


def chunk_list(items, size, pad=_MISSING):
    """Split items into chunks of length size, optionally padding the last one."""
    pass
