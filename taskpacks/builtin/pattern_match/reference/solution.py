def _compile(pattern):
    """Turn the pattern into a list of (kind, char, quantifier) tokens."""
    tokens = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "*+?":
            raise ValueError(f"quantifier {ch!r} without an atom at {i}")
        if ch == "\\":
            if i + 1 >= len(pattern):
                raise ValueError("trailing backslash")
            atom = ("lit", pattern[i + 1])
            i += 2
        else:
            atom = ("any", "") if ch == "." else ("lit", ch)
            i += 1
        quant = ""
        if i < len(pattern) and pattern[i] in "*+?":
            quant = pattern[i]
            i += 1
        tokens.append((atom[0], atom[1], quant))
    return tokens


def matches(pattern, text):
    """Whole-text match of a mini regex with . * + ? and backslash escapes."""
    tokens = _compile(pattern)
    n = len(text)
    reach = [True] + [False] * n  # reach[j]: text[:j] is matched by the tokens so far
    for kind, ch, quant in tokens:
        fits = [kind == "any" or c == ch for c in text]
        new = [False] * (n + 1)
        for j in range(n + 1):
            if reach[j]:
                if quant in ("*", "?"):
                    new[j] = True
                if j < n and fits[j]:
                    new[j + 1] = True
        if quant in ("*", "+"):
            for j in range(n):
                if new[j] and fits[j]:
                    new[j + 1] = True
        reach = new
    return reach[n]
