def diff_lines(a, b):
    """Minimal edit script turning list of lines a into b."""
    pass


def apply_diff(a, script):
    """Apply an edit script to a, validating it."""
    pass
