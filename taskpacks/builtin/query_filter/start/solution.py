def filter_records(records, query):
    """Return the records matching a boolean query (see the task statement)."""
    pass
