def tokenize(src):
    """Convert calculator source text into a list of (kind, value) tokens."""
    pass


def parse(tokens):
    """Build an AST tuple from a token list."""
    pass


def evaluate(node, env=None):
    """Evaluate an AST tuple with variables from env."""
    pass
