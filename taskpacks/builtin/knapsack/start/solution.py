def knapsack(items, capacity):
    """Best total value and chosen indices for the 0/1 knapsack problem."""
    pass
