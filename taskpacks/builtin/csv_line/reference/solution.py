def parse_csv_line(line, delimiter=","):
    """Split one CSV record into fields, honouring double quotes."""
    if len(delimiter) != 1 or delimiter in '"\n\r':
        raise ValueError("invalid delimiter")
    fields = []
    i, n = 0, len(line)
    while True:
        if i < n and line[i] == '"':
            value = []
            i += 1
            while True:
                if i >= n:
                    raise ValueError("unterminated quoted field")
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        value.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                value.append(line[i])
                i += 1
            if i < n and line[i] != delimiter:
                raise ValueError("unexpected character after closing quote")
            fields.append("".join(value))
        else:
            end = line.find(delimiter, i)
            end = n if end < 0 else end
            value = line[i:end]
            if '"' in value:
                raise ValueError("quote inside unquoted field")
            fields.append(value)
            i = end
        if i >= n:
            return fields
        i += 1  # skip the delimiter
        if i == n:
            fields.append("")
            return fields
