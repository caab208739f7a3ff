def compare_versions(a, b):
    """Compare two SemVer 2.0.0 strings: -1, 0 or 1 (see the task statement)."""
    pass
