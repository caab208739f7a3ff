def evaluate_sheet(cells):
    """Evaluate every cell of a tiny spreadsheet (see the task statement)."""
    pass
