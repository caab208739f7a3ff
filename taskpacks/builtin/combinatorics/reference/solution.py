def permutations(items, r=None):
    """Yield r-permutations of items in itertools order."""
    pool = tuple(items)
    r = len(pool) if r is None else r
    if r < 0:
        raise ValueError("r must be non-negative")
    return _perms(pool, r)


def _perms(pool, r):
    used = [False] * len(pool)
    chosen = []

    def rec():
        if len(chosen) == r:
            yield tuple(chosen)
            return
        for i, item in enumerate(pool):
            if not used[i]:
                used[i] = True
                chosen.append(item)
                yield from rec()
                chosen.pop()
                used[i] = False

    if r <= len(pool):
        yield from rec()


def combinations(items, r):
    """Yield r-combinations of items in itertools order."""
    pool = tuple(items)
    if r < 0:
        raise ValueError("r must be non-negative")
    return _combs(pool, r)


def _combs(pool, r):
    def rec(start, chosen):
        if len(chosen) == r:
            yield tuple(chosen)
            return
        for i in range(start, len(pool) - (r - len(chosen)) + 1):
            chosen.append(pool[i])
            yield from rec(i + 1, chosen)
            chosen.pop()

    if r <= len(pool):
        yield from rec(0, [])


def unique_permutations(items):
    """Yield the distinct permutations of items in lexicographic order."""
    current = sorted(items)
    while True:
        yield tuple(current)
        # Standard next-permutation step.
        i = len(current) - 2
        while i >= 0 and current[i] >= current[i + 1]:
            i -= 1
        if i < 0:
            return
        j = len(current) - 1
        while current[j] <= current[i]:
            j -= 1
        current[i], current[j] = current[j], current[i]
        current[i + 1:] = reversed(current[i + 1:])
