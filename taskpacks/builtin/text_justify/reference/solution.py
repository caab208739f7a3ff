def justify(text, width):
    """Fully justify text into lines of exactly width characters."""
    if width < 1:
        raise ValueError("width must be at least 1")
    words = text.split()
    if any(len(w) > width for w in words):
        raise ValueError("a word is longer than the line width")
    lines, current = [], []
    for word in words:
        if current and len(" ".join(current + [word])) > width:
            lines.append(current)
            current = []
        current.append(word)
    if current:
        lines.append(current)
    result = []
    for line in lines[:-1]:
        if len(line) == 1:
            result.append(line[0].ljust(width))
            continue
        gaps = len(line) - 1
        spaces = width - sum(len(w) for w in line)
        base, extra = divmod(spaces, gaps)
        parts = []
        for i, word in enumerate(line[:-1]):
            parts.append(word + " " * (base + (1 if i < extra else 0)))
        result.append("".join(parts) + line[-1])
    if lines:
        result.append(" ".join(lines[-1]).ljust(width))
    return result
