import re

_INT = re.compile(r"-?[0-9]+")


def _div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


_BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
}


def eval_rpn(expr):
    """Evaluate an integer Reverse Polish Notation expression."""
    stack = []

    def need(n, token):
        if len(stack) < n:
            raise ValueError(f"not enough operands for {token!r}")

    for token in expr.split():
        if _INT.fullmatch(token):
            stack.append(int(token))
        elif token in _BINARY:
            need(2, token)
            b, a = stack.pop(), stack.pop()
            stack.append(_BINARY[token](a, b))
        elif token == "dup":
            need(1, token)
            stack.append(stack[-1])
        elif token == "swap":
            need(2, token)
            stack[-1], stack[-2] = stack[-2], stack[-1]
        else:
            raise ValueError(f"unknown token {token!r}")
    if len(stack) != 1:
        raise ValueError("expression must leave exactly one value")
    return stack[0]
