def life_step(grid, steps=1, wrap=False):
    """Advance a Game of Life grid by the given number of generations."""
    if steps < 0:
        raise ValueError("steps must be non-negative")
    if any(len(row) != len(grid[0]) for row in grid):
        raise ValueError("ragged grid")
    if any(cell not in (0, 1) for row in grid for cell in row):
        raise ValueError("cells must be 0 or 1")
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    current = [list(row) for row in grid]
    for _ in range(steps):
        nxt = [[0] * cols for _ in range(rows)]
        for r in range(rows):
            for c in range(cols):
                alive = 0
                for dr in (-1, 0, 1):
                    for dc in (-1, 0, 1):
                        if dr == dc == 0:
                            continue
                        rr, cc = r + dr, c + dc
                        if wrap:
                            alive += current[rr % rows][cc % cols]
                        elif 0 <= rr < rows and 0 <= cc < cols:
                            alive += current[rr][cc]
                nxt[r][c] = 1 if alive == 3 or (alive == 2 and current[r][c]) else 0
        current = nxt
    return current
