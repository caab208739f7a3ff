import html
import re

_PARTS = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(rf"\s*({_NAME}(?:\.(?:{_NAME}|[0-9]+))*)\s*")
_FILTERS = {
    "upper": lambda v: _text(v).upper(),
    "lower": lambda v: _text(v).lower(),
    "escape": lambda v: html.escape(_text(v), quote=True),
    "length": len,
}


class TemplateError(ValueError):
    """Raised for template syntax and rendering errors."""


def _text(value):
    return "" if value is None else str(value)


def _path(src):
    m = _PATH.fullmatch(src)
    if not m:
        raise TemplateError(f"invalid path {src!r}")
    return m.group(1).split(".")


def _parse(template):
    root = []
    stack = [("root", root, None)]  # (kind, current body, node)
    for piece in _PARTS.split(template):
        body = stack[-1][1]
        if piece.startswith("{{") and piece.endswith("}}") and len(piece) >= 4:
            path_src, *filters = piece[2:-2].split("|")
            filters = [f.strip() for f in filters]
            if any(f not in _FILTERS for f in filters):
                raise TemplateError(f"unknown filter in {piece!r}")
            body.append(("var", _path(path_src), filters))
        elif piece.startswith("{%") and piece.endswith("%}") and len(piece) >= 4:
            words = piece[2:-2].split()
            if len(words) == 4 and words[0] == "for" and words[2] == "in" and re.fullmatch(_NAME, words[1]):
                node = ("for", words[1], _path(words[3]), [])
                body.append(node)
                stack.append(("for", node[3], node))
            elif words[:1] == ["if"] and len(words) in (2, 3) and (words[1] == "not") == (len(words) == 3):
                node = ("if", words[1] == "not" and len(words) == 3, _path(words[-1]), [], [])
                body.append(node)
                stack.append(("if", node[3], node))
            elif words == ["else"] and stack[-1][0] == "if":
                kind, _, node = stack.pop()
                stack.append(("else", node[4], node))
            elif words == ["endfor"] and stack[-1][0] == "for":
                stack.pop()
            elif words == ["endif"] and stack[-1][0] in ("if", "else"):
                stack.pop()
            else:
                raise TemplateError(f"unexpected tag {piece!r}")
        elif piece.startswith("{#") and piece.endswith("#}") and len(piece) >= 4:
            continue
        else:
            if "{{" in piece or "{%" in piece or "{#" in piece:
                raise TemplateError("unclosed tag")
            if piece:
                body.append(("text", piece))
    if len(stack) != 1:
        raise TemplateError("unclosed block")
    return root


def _lookup(path, scopes):
    name = path[0]
    for scope in reversed(scopes):
        if name in scope:
            value = scope[name]
            break
    else:
        raise TemplateError(f"undefined name {name!r}")
    for seg in path[1:]:
        if isinstance(value, dict) and seg in value:
            value = value[seg]
        elif isinstance(value, (list, tuple)) and seg.isdigit() and int(seg) < len(value):
            value = value[int(seg)]
        else:
            raise TemplateError(f"cannot resolve {'.'.join(path)!r}")
    return value


def _render(nodes, scopes, out):
    for node in nodes:
        kind = node[0]
        if kind == "text":
            out.append(node[1])
        elif kind == "var":
            value = _lookup(node[1], scopes)
            for f in node[2]:
                try:
                    value = _FILTERS[f](value)
                except TypeError:
                    raise TemplateError(f"filter {f!r} cannot be applied") from None
            out.append(_text(value))
        elif kind == "for":
            items = _lookup(node[2], scopes)
            if not isinstance(items, (list, tuple)):
                raise TemplateError("for loop needs a list or tuple")
            for item in items:
                _render(node[3], scopes + [{node[1]: item}], out)
        else:
            test = bool(_lookup(node[2], scopes)) != node[1]
            _render(node[3] if test else node[4], scopes, out)


def render(template, context):
    """Render a template with {{ }}, {% for %}, {% if %} and {# #} syntax."""
    out = []
    _render(_parse(template), [context], out)
    return "".join(out)
