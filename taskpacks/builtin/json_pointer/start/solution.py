class PointerError(LookupError):
    """A syntactically valid pointer that does not resolve."""


def resolve(doc, pointer):
    """Return the value in doc that the JSON Pointer refers to."""
    pass


def to_pointer(tokens):
    """Build an escaped JSON Pointer from reference tokens."""
    pass
