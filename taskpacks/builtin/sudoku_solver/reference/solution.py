ALL = 0x3FE  # bits 1..9


def _validate(board):
    if len(board) != 9 or any(len(row) != 9 for row in board):
        raise ValueError("board must be 9x9")
    for row in board:
        for v in row:
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 9:
                raise ValueError(f"invalid cell {v!r}")


def _search(board, limit):
    """Yield solutions (as new boards) until limit have been found."""
    grid = [list(row) for row in board]
    rows, cols, boxes = [0] * 9, [0] * 9, [0] * 9
    empty = []
    for r in range(9):
        for c in range(9):
            v = grid[r][c]
            if v == 0:
                empty.append((r, c, r // 3 * 3 + c // 3))
                continue
            bit, b = 1 << v, r // 3 * 3 + c // 3
            if rows[r] & bit or cols[c] & bit or boxes[b] & bit:
                return
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
    found = 0

    def rec(k):  # empty[:k] are the cells still to fill
        nonlocal found
        if k == 0:
            found += 1
            yield [list(row) for row in grid]
            return
        best, best_free, best_count = 0, 0, 10
        for i in range(k):  # pick the cell with the fewest candidates
            r, c, b = empty[i]
            free = ALL & ~(rows[r] | cols[c] | boxes[b])
            count = free.bit_count()
            if count < best_count:
                best, best_free, best_count = i, free, count
                if count <= 1:
                    break
        empty[best], empty[k - 1] = empty[k - 1], empty[best]
        r, c, b = empty[k - 1]
        while best_free and found < limit:
            bit = best_free & -best_free
            best_free ^= bit
            grid[r][c] = bit.bit_length() - 1
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            yield from rec(k - 1)
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit
        grid[r][c] = 0
        empty[best], empty[k - 1] = empty[k - 1], empty[best]

    yield from rec(len(empty))


def solve_sudoku(board):
    """Return a solved copy of board, or None if it has no solution."""
    _validate(board)
    return next(_search(board, 1), None)


def count_solutions(board, limit=2):
    """Number of solutions of board, counting at most limit."""
    _validate(board)
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return sum(1 for _ in _search(board, limit))
