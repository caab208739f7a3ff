def eval_rpn(expr):
    """Evaluate an integer Reverse Polish Notation expression."""
    pass
