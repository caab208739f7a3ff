def knapsack(items, capacity):
    """Best total value and chosen indices for the 0/1 knapsack problem."""
    if capacity < 0 or any(w < 0 or v < 0 for w, v in items):
        raise ValueError("weights, values and capacity must be non-negative")
    # best[i][c]: best value using the first i items with capacity c
    best = [[0] * (capacity + 1)]
    for w, v in items:
        prev = best[-1]
        row = prev[:]
        for c in range(w, capacity + 1):
            if prev[c - w] + v > row[c]:
                row[c] = prev[c - w] + v
        best.append(row)
    chosen = []
    c = capacity
    for i in range(len(items), 0, -1):
        if best[i][c] != best[i - 1][c]:
            chosen.append(i - 1)
            c -= items[i - 1][0]
    return best[-1][capacity], sorted(chosen)
