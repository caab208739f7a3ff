def life_step(grid, steps=1, wrap=False):
    """Advance a Game of Life grid by the given number of generations."""
    pass
