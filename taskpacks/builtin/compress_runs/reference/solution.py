def compress_runs(s):
    """Run-length compress s, e.g. "aaabcc" -> "a3bc2"."""
    if any(c.isdigit() for c in s):
        raise ValueError("input must not contain digits")
    parts = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        run = j - i
        parts.append(s[i] if run == 1 else f"{s[i]}{run}")
        i = j
    return "".join(parts)
