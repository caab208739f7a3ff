def parse_csv_line(line, delimiter=","):
    """Split one CSV record into fields, honouring double quotes."""
    pass
