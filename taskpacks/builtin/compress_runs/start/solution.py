def compress_runs(s):
    """Run-length compress s, e.g. "aaabcc" -> "a3bc2" (see the task statement)."""
    pass
