def edit_distance(a, b, transpositions=False):
    """Levenshtein (or OSA, with transpositions=True) distance between a and b."""
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if (transpositions and i > 1 and j > 1
                    and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                best = min(best, d[i - 2][j - 2] + 1)
            d[i][j] = best
    return d[n][m]


def closest_matches(word, candidates, max_distance):
    """Distinct candidates within max_distance of word, sorted by (distance, word)."""
    if max_distance < 0:
        raise ValueError("max_distance must be non-negative")
    scored = []
    for cand in set(candidates):
        dist = edit_distance(word, cand)
        if dist <= max_distance:
            scored.append((dist, cand))
    return [cand for _, cand in sorted(scored)]
