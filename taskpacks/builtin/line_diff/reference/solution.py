def diff_lines(a, b):
    """Minimal edit script turning list of lines a into b."""
    pre = 0
    while pre < len(a) and pre < len(b) and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < len(a) - pre and suf < len(b) - pre and a[-1 - suf] == b[-1 - suf]:
        suf += 1
    mid_a, mid_b = a[pre:len(a) - suf], b[pre:len(b) - suf]
    n, m = len(mid_a), len(mid_b)
    # lcs[i][j]: LCS length of mid_a[i:] and mid_b[j:]
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if mid_a[i] == mid_b[j]:
                lcs[i][j] = lcs[i + 1][j + 1] + 1
            else:
                lcs[i][j] = max(lcs[i + 1][j], lcs[i][j + 1])
    script = [(" ", line) for line in a[:pre]]
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and mid_a[i] == mid_b[j]:
            script.append((" ", mid_a[i]))
            i += 1
            j += 1
        elif j < m and (i == n or lcs[i][j + 1] >= lcs[i + 1][j]):
            script.append(("+", mid_b[j]))
            j += 1
        else:
            script.append(("-", mid_a[i]))
            i += 1
    script.extend((" ", line) for line in a[len(a) - suf:])
    return script


def apply_diff(a, script):
    """Apply an edit script to a, validating it."""
    result = []
    i = 0
    for tag, line in script:
        if tag == "+":
            result.append(line)
        elif tag in (" ", "-"):
            if i >= len(a) or a[i] != line:
                raise ValueError(f"script does not match line {i} of a")
            if tag == " ":
                result.append(line)
            i += 1
        else:
            raise ValueError(f"unknown tag {tag!r}")
    if i != len(a):
        raise ValueError("script does not consume all of a")
    return result
