from collections import deque


def grid_distance(grid, start, goal):
    """Fewest 4-directional steps from start to goal avoiding '#', or -1."""
    rows, cols = len(grid), len(grid[0])
    for r, c in (start, goal):
        if not (0 <= r < rows and 0 <= c < cols):
            raise ValueError("start/goal outside the grid")
    if grid[start[0]][start[1]] == "#" or grid[goal[0]][goal[1]] == "#":
        return -1
    dist = {start: 0}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if (r, c) == goal:
            return dist[(r, c)]
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nr < rows and nc < cols and grid[nr][nc] != "#" and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                queue.append((nr, nc))
    return -1
