import math
import re

_TOKEN = re.compile(r"\s*(?:([0-9]+(?:\.[0-9]+)?)(?![A-Za-z_0-9.])|([A-Za-z_][A-Za-z0-9_]*)|([-+*/%^(),]))")


def tokenize(src):
    """Convert calculator source text into a list of (kind, value) tokens."""
    tokens = []
    pos = 0
    while True:
        while pos < len(src) and src[pos] in " \t\r\n":
            pos += 1
        if pos == len(src):
            return tokens
        m = _TOKEN.match(src, pos)
        if m is None:
            raise ValueError(f"unexpected character at {pos}: {src[pos]!r}")
        num, ident, op = m.groups()
        if num is not None:
            tokens.append(("NUM", float(num) if "." in num else int(num)))
        elif ident is not None:
            tokens.append(("IDENT", ident))
        else:
            tokens.append(("OP", op))
        pos = m.end()


class _Parser:
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        if tok[0] is None:
            raise ValueError("unexpected end of input")
        self.i += 1
        return tok

    def expect(self, op):
        if self.take() != ("OP", op):
            raise ValueError(f"expected {op!r}")

    def is_op(self, *ops):
        kind, value = self.peek()
        return kind == "OP" and value in ops

    def expr(self):
        node = self.term()
        while self.is_op("+", "-"):
            node = ("bin", self.take()[1], node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.is_op("*", "/", "%"):
            node = ("bin", self.take()[1], node, self.unary())
        return node

    def unary(self):
        if self.is_op("-"):
            self.take()
            return ("neg", self.unary())
        return self.power()

    def power(self):
        node = self.primary()
        if self.is_op("^"):
            self.take()
            return ("bin", "^", node, self.unary())
        return node

    def primary(self):
        kind, value = self.take()
        if kind == "NUM":
            return ("num", value)
        if kind == "IDENT":
            if not self.is_op("("):
                return ("var", value)
            self.take()
            args = []
            if not self.is_op(")"):
                args.append(self.expr())
                while self.is_op(","):
                    self.take()
                    args.append(self.expr())
            self.expect(")")
            return ("call", value, args)
        if (kind, value) == ("OP", "("):
            node = self.expr()
            self.expect(")")
            return node
        raise ValueError(f"unexpected token {(kind, value)!r}")


def parse(tokens):
    """Build an AST tuple from a token list."""
    parser = _Parser(tokens)
    node = parser.expr()
    if parser.i != len(parser.tokens):
        raise ValueError(f"unexpected token {parser.peek()!r}")
    return node


def _sqrt(x):
    if x < 0:
        raise ValueError("sqrt of a negative number")
    return math.sqrt(x)


_FUNCS = {"abs": (abs, 1, 1), "sqrt": (_sqrt, 1, 1), "min": (min, 1, None), "max": (max, 1, None)}
_BIN = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "%": lambda a, b: a % b, "^": lambda a, b: a ** b,
}


def evaluate(node, env=None):
    """Evaluate an AST tuple with variables from env."""
    env = env or {}
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        if node[1] not in env:
            raise NameError(f"unknown variable {node[1]!r}")
        return env[node[1]]
    if kind == "neg":
        return -evaluate(node[1], env)
    if kind == "bin":
        return _BIN[node[1]](evaluate(node[2], env), evaluate(node[3], env))
    if kind == "call":
        if node[1] not in _FUNCS:
            raise NameError(f"unknown function {node[1]!r}")
        func, lo, hi = _FUNCS[node[1]]
        args = [evaluate(arg, env) for arg in node[2]]
        if len(args) < lo or (hi is not None and len(args) > hi):
            raise TypeError(f"wrong number of arguments for {node[1]}")
        return func(*args) if hi == 1 else func(args)
    raise ValueError(f"unknown node {node!r}")
