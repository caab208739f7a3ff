def flood_fill(grid, row, col, new_color):
    """Return a copy of grid with the 4-connected region at (row, col) recoloured."""
    if not (0 <= row < len(grid) and 0 <= col < len(grid[0])):
        raise IndexError("start cell outside the grid")
    result = [list(r) for r in grid]
    old = result[row][col]
    if old == new_color:
        return result
    stack = [(row, col)]
    while stack:
        r, c = stack.pop()
        if 0 <= r < len(result) and 0 <= c < len(result[0]) and result[r][c] == old:
            result[r][c] = new_color
            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])
    return result
