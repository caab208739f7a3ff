import re

_TOKEN = re.compile(r"""\s*(?:(==|!=|<=|>=|<|>|\(|\))|(-?[0-9]+(?:\.[0-9]+)?)(?![A-Za-z0-9_.])|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))""", re.DOTALL)
_KEYWORDS = {"and", "or", "not", "contains", "true", "false", "null"}
_LITERALS = {"true": True, "false": False, "null": None}
_MISSING = object()


def _tokenize(query):
    tokens, pos = [], 0
    while True:
        while pos < len(query) and query[pos].isspace():
            pos += 1
        if pos == len(query):
            return tokens
        m = _TOKEN.match(query, pos)
        if not m:
            raise ValueError(f"syntax error at {pos}")
        op, num, dq, sq, word = m.groups()
        if op:
            tokens.append(("op", op))
        elif num:
            tokens.append(("value", float(num) if "." in num else int(num)))
        elif dq is not None or sq is not None:
            tokens.append(("value", re.sub(r"\\(.)", r"\1", dq if dq is not None else sq, flags=re.DOTALL)))
        elif word in _LITERALS:
            tokens.append(("value", _LITERALS[word]))
        elif word in _KEYWORDS:
            tokens.append(("op", word))
        elif "." in word and any(part in _KEYWORDS for part in word.split(".")):
            raise ValueError(f"keyword in field name {word!r}")
        else:
            tokens.append(("field", word.split(".")))
        pos = m.end()


def _parse(tokens):
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take(kind, value=None):
        nonlocal pos
        tok = peek()
        if tok[0] != kind or (value is not None and tok[1] != value):
            raise ValueError(f"unexpected token {tok[1]!r}")
        pos += 1
        return tok[1]

    def or_expr():
        node = and_expr()
        while peek() == ("op", "or"):
            take("op")
            node = ("or", node, and_expr())
        return node

    def and_expr():
        node = not_expr()
        while peek() == ("op", "and"):
            take("op")
            node = ("and", node, not_expr())
        return node

    def not_expr():
        if peek() == ("op", "not"):
            take("op")
            return ("not", not_expr())
        if peek() == ("op", "("):
            take("op")
            node = or_expr()
            take("op", ")")
            return node
        field = take("field")
        op = take("op")
        if op not in ("==", "!=", "<", "<=", ">", ">=", "contains"):
            raise ValueError(f"unexpected operator {op!r}")
        return ("cmp", field, op, take("value"))

    node = or_expr()
    if pos != len(tokens):
        raise ValueError("unexpected trailing tokens")
    return node


def _kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if v is None:
        return "null"
    return "list" if isinstance(v, list) else "other"


def _eq(a, b):
    return _kind(a) == _kind(b) and a == b


def _compare(value, op, literal):
    if op == "==":
        return _eq(value, literal)
    if op == "!=":
        return not _eq(value, literal)
    if op == "contains":
        if isinstance(value, str) and isinstance(literal, str):
            return literal in value
        return isinstance(value, list) and any(_eq(x, literal) for x in value)
    if _kind(value) != _kind(literal) or _kind(value) not in ("number", "string"):
        return False
    return {"<": value < literal, "<=": value <= literal,
            ">": value > literal, ">=": value >= literal}[op]


def _matches(node, record):
    kind = node[0]
    if kind == "or":
        return _matches(node[1], record) or _matches(node[2], record)
    if kind == "and":
        return _matches(node[1], record) and _matches(node[2], record)
    if kind == "not":
        return not _matches(node[1], record)
    _, path, op, literal = node
    value = record
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return _compare(value, op, literal)


def filter_records(records, query):
    """Return the records matching a boolean query."""
    tree = _parse(_tokenize(query))
    return [r for r in records if _matches(tree, r)]
