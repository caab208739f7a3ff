import re

_INDEX = re.compile(r"0|[1-9][0-9]*")


class PointerError(LookupError):
    """A syntactically valid pointer that does not resolve."""


def _unescape(token):
    if re.search(r"~(?![01])", token):
        raise ValueError(f"invalid escape in token {token!r}")
    return token.replace("~1", "/").replace("~0", "~")


def resolve(doc, pointer):
    """Return the value in doc that the JSON Pointer refers to."""
    if pointer == "":
        return doc
    if not pointer.startswith("/"):
        raise ValueError("pointer must be empty or start with '/'")
    tokens = [_unescape(t) for t in pointer[1:].split("/")]
    current = doc
    for token in tokens:
        if isinstance(current, dict):
            if token not in current:
                raise PointerError(f"missing key {token!r}")
            current = current[token]
        elif isinstance(current, list):
            if not _INDEX.fullmatch(token) or int(token) >= len(current):
                raise PointerError(f"invalid list index {token!r}")
            current = current[int(token)]
        else:
            raise PointerError(f"cannot descend into {type(current).__name__}")
    return current


def to_pointer(tokens):
    """Build an escaped JSON Pointer from reference tokens."""
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
