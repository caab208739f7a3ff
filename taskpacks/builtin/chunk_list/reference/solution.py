_MISSING = object()


def chunk_list(items, size, pad=_MISSING):
    """Split items into chunks of length size, optionally padding the last one."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError("size must be a positive int")
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    if chunks and pad is not _MISSING:
        chunks[-1].extend([pad] * (size - len(chunks[-1])))
    return chunks
