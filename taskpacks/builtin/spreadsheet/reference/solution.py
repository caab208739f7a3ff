import re

_NAME = re.compile(r"([A-Z]+)([1-9][0-9]*)")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_TOKEN = re.compile(r"\s*(?:([A-Z]+[1-9][0-9]*)(?![A-Za-z0-9])|(SUM|MIN|MAX)(?=\s*\()|([0-9]+(?:\.[0-9]+)?)|([-+*/(),:]))")
ERR = "#ERR"
_FUNCS = {"SUM": sum, "MIN": min, "MAX": max}


class _Error(Exception):
    pass


def _col(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _tokenize(src):
    tokens, pos = [], 0
    while pos < len(src):
        if src[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(src, pos)
        if not m:
            raise _Error("syntax")
        ref, func, num, op = m.groups()
        tokens.append(("ref", ref) if ref else ("func", func) if func else
                      ("num", float(num)) if num else ("op", op))
        pos = m.end()
    return tokens


def _parse(tokens):
    """Parse into a nested tuple AST; also returns the referenced cell names."""
    pos = 0
    refs = []

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take(kind=None, value=None):
        nonlocal pos
        tok = peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            raise _Error("syntax")
        pos += 1
        return tok

    def expr():
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            node = (take()[1], node, term())
        return node

    def term():
        node = factor()
        while peek() in (("op", "*"), ("op", "/")):
            node = (take()[1], node, factor())
        return node

    def factor():
        kind, value = peek()
        if (kind, value) == ("op", "-"):
            take()
            return ("neg", factor())
        if kind == "num":
            return ("num", take()[1])
        if kind == "ref":
            refs.append(take()[1])
            return ("ref", refs[-1])
        if kind == "func":
            take()
            take("op", "(")
            args = [arg()]
            while peek() == ("op", ","):
                take()
                args.append(arg())
            take("op", ")")
            return ("func", value, args)
        take("op", "(")
        node = expr()
        take("op", ")")
        return node

    def arg():
        if peek()[0] == "ref" and pos + 1 < len(tokens) and tokens[pos + 1] == ("op", ":"):
            a = take()[1]
            take()
            b = take("ref")[1]
            (ca, ra), (cb, rb) = _split(a), _split(b)
            cells = [f"{_letters(c)}{r}" for r in range(min(ra, rb), max(ra, rb) + 1)
                     for c in range(min(ca, cb), max(ca, cb) + 1)]
            refs.extend(cells)
            return ("range", cells)
        return expr()

    node = expr()
    if pos != len(tokens):
        raise _Error("syntax")
    return node, refs


def _split(name):
    m = _NAME.fullmatch(name)
    return _col(m.group(1)), int(m.group(2))


def _eval(node, values):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "ref":
        return values.get(node[1], 0.0)
    if kind == "neg":
        return -_eval(node[1], values)
    if kind == "func":
        items = []
        for a in node[2]:
            if a[0] == "range":
                items.extend(values.get(c, 0.0) for c in a[1])
            else:
                items.append(_eval(a, values))
        return float(_FUNCS[node[1]](items))
    left, right = _eval(node[1], values), _eval(node[2], values)
    if kind == "/":
        if right == 0:
            raise _Error("div0")
        return left / right
    return left + right if kind == "+" else left - right if kind == "-" else left * right


def evaluate_sheet(cells):
    """Evaluate every cell of a tiny spreadsheet."""
    for name in cells:
        if not _NAME.fullmatch(name):
            raise ValueError(f"invalid cell name {name!r}")
    parsed, deps, values = {}, {}, {}
    for name, raw in cells.items():
        if raw.startswith("="):
            try:
                parsed[name], refs = _parse(_tokenize(raw[1:]))
                deps[name] = [r for r in refs if r in cells]
            except _Error:
                values[name] = ERR
        else:
            text = raw.strip()
            values[name] = 0.0 if not text else float(text) if _NUMBER.fullmatch(text) else ERR
    # Kahn's algorithm: evaluate a formula once all formulas it references are done.
    # Formulas never reached are on a cycle or depend on one.
    dependents = {name: [] for name in parsed}
    waiting = {}
    for name in parsed:
        pending = {d for d in deps[name] if d in parsed}
        waiting[name] = len(pending)
        for d in pending:
            dependents[d].append(name)
    ready = [name for name, count in waiting.items() if count == 0]
    while ready:
        name = ready.pop()
        if any(values[d] == ERR for d in deps[name]):
            values[name] = ERR
        else:
            try:
                values[name] = float(_eval(parsed[name], values))
            except _Error:
                values[name] = ERR
        for m in dependents[name]:
            waiting[m] -= 1
            if waiting[m] == 0:
                ready.append(m)
    return {name: values.get(name, ERR) for name in cells}
