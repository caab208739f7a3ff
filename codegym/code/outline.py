"""Outline a Python file: its functions, classes and methods, found by tree-sitter.

Works on broken code too: whatever definitions tree-sitter recovers are listed
(nesting follows indentation, as in Python), and nothing raises.

Example:
    >>> src = "class Stack:\\n    def push(self, x):\\n        '''Push x.'''\\n"
    >>> [(s.kind, s.qualname, s.start_line, s.end_line) for s in outline(src)]
    [('class', 'Stack', 1, 3), ('method', 'Stack.push', 2, 3)]
    >>> print(render_outline(src))
    solution.py
      class Stack [1-3]
        def push(self, x) [2-3]  # Push x.
"""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass
from typing import Literal

import tree_sitter

from codegym.code.parsing import parse, syntax_errors

SymbolKind = Literal["function", "class", "method"]

_SKIP = frozenset({"string", "concatenated_string", "comment"})
_WS_NEWLINE = re.compile(r"\s*\n\s*")
_MAX_ISSUES_SHOWN = 5


@dataclass(frozen=True)
class Symbol:
    """A function, class or method of a file.

    ``start_line``/``end_line`` are 1-based and inclusive; the range starts at the
    first decorator and ends at the last code token (trailing comments excluded).
    ``signature`` is the header line with whitespace collapsed, ending in ``:``.

    Example:
        >>> outline("def f(a, b):\\n    return a\\n")[0].signature
        'def f(a, b):'
    """

    kind: SymbolKind
    name: str
    qualname: str
    start_line: int
    end_line: int
    signature: str
    docstring: str = ""

    @property
    def depth(self) -> int:
        """Nesting depth: 0 for top-level symbols, 1 for methods, and so on."""
        return self.qualname.count(".")


def _text(node: tree_sitter.Node | None) -> str:
    if node is None:
        return ""
    return _WS_NEWLINE.sub(" ", (node.text or b"").decode("utf-8", "replace"))


def _joined(node: tree_sitter.Node | None, default: str) -> str:
    """Render a parameter/argument list on one line, without comments."""
    if node is None:
        return default
    items = [_text(child) for child in node.named_children if child.type != "comment"]
    return "(" + ", ".join(items) + ")"


def _signature(node: tree_sitter.Node, name: str) -> str:
    type_params = _text(node.child_by_field_name("type_parameters"))
    if node.type == "class_definition":
        bases = node.child_by_field_name("superclasses")
        return f"class {name}{type_params}{_joined(bases, '') if bases is not None else ''}:"
    prefix = "async def" if node.children and node.children[0].type == "async" else "def"
    params = _joined(node.child_by_field_name("parameters"), "()")
    returns = node.child_by_field_name("return_type")
    arrow = f" -> {_text(returns)}" if returns is not None else ""
    return f"{prefix} {name}{type_params}{params}{arrow}:"


def _docstring(node: tree_sitter.Node) -> str:
    body = node.child_by_field_name("body")
    if body is None:
        return ""
    first = next((child for child in body.named_children if child.type != "comment"), None)
    if first is None or first.type != "expression_statement" or first.named_child_count != 1:
        return ""
    string = first.named_children[0]
    if string.type != "string":
        return ""
    raw = (string.text or b"").decode("utf-8", "replace")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return ""
    if not isinstance(value, str):
        return ""
    for line in inspect.cleandoc(value).splitlines():
        if line.strip():
            return line.strip()
    return ""


def _content_end_row(node: tree_sitter.Node) -> int:
    """Row of the last non-comment token under ``node`` (tree-sitter keeps trailing comments in blocks)."""
    current = node
    while True:
        children = [child for child in current.children if child.type != "comment"]
        if not children:
            return current.end_point[0] if current.end_point[1] > 0 or current.end_point[0] == current.start_point[0] else current.end_point[0] - 1
        last = children[-1]
        if last.end_byte == last.start_byte and len(children) > 1:
            last = children[-2]  # an empty (MISSING or error-recovered) block
        current = last


_DEF_LINE = re.compile(r"^([ \t]*)(async[ \t]+def|def|class)[ \t]+([^\W\d]\w*)")


@dataclass
class _Found:
    row: int  # 0-based first line (decorators included)
    column: int  # indentation of the def/class keyword
    name: str
    is_class: bool
    signature: str
    docstring: str
    end_row: int


def _from_node(outer: tree_sitter.Node, node: tree_sitter.Node) -> _Found | None:
    name_node = node.child_by_field_name("name")
    if name_node is None or name_node.is_missing or name_node.type != "identifier":
        return None
    name = _text(name_node)
    return _Found(
        row=outer.start_point[0],
        column=node.start_point[1],
        name=name,
        is_class=node.type == "class_definition",
        signature=_signature(node, name),
        docstring=_docstring(node),
        end_row=max(_content_end_row(outer), outer.start_point[0]),
    )


def _tree_definitions(root: tree_sitter.Node) -> dict[tuple[int, int], tuple[tree_sitter.Node, tree_sitter.Node]]:
    """Map (row, column) of each def/class keyword to its (outer, definition) nodes."""
    found: dict[tuple[int, int], tuple[tree_sitter.Node, tree_sitter.Node]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in _SKIP:
            continue
        if kind in ("function_definition", "class_definition"):
            parent = node.parent
            outer = parent if parent is not None and parent.type == "decorated_definition" else node
            keyword = node.children[1] if node.child_count > 1 and node.children[0].type == "async" else node
            found[(keyword.start_point[0], node.start_point[1])] = (outer, node)
        stack.extend(reversed(node.children))
    return found


def _string_spans(root: tree_sitter.Node) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in ("string", "comment"):
            spans.append((node.start_byte, node.end_byte))
            continue
        stack.extend(node.children)
    return spans


def _indent_width(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def _scan_broken(source: str, root: tree_sitter.Node) -> list[_Found]:
    """Find definitions line by line (for code tree-sitter could not fully parse)."""
    lines = source.split("\n")
    by_position = _tree_definitions(root)
    spans = _string_spans(root)
    found: list[_Found] = []
    byte_pos = 0
    for row, line in enumerate(lines):
        line_start = byte_pos
        byte_pos += len(line.encode("utf-8")) + 1
        match = _DEF_LINE.match(line)
        if match is None:
            continue
        keyword_byte = line_start + len(match.group(1).encode("utf-8"))
        if any(start < keyword_byte < end for start, end in spans):
            continue  # "def" inside a string or comment
        column = len(match.group(1).encode("utf-8"))
        nodes = by_position.get((row, column))
        if nodes is not None and not nodes[1].has_error:
            record = _from_node(*nodes)
            if record is not None and record.name == match.group(3):
                found.append(record)
                continue
        first = row
        while first > 0 and lines[first - 1].strip().startswith("@") and _indent_width(lines[first - 1]) == _indent_width(line):
            first -= 1
        end = row
        own_indent = _indent_width(line)
        for later in range(row + 1, len(lines)):
            stripped = lines[later].strip()
            if not stripped or stripped.startswith("#"):
                continue
            if _indent_width(lines[later]) <= own_indent:
                break
            end = later
        header = line.strip()
        found.append(_Found(first, column, match.group(3), match.group(2) == "class", header, "", end))
    return found


def outline(source: str) -> list[Symbol]:
    """List the functions, classes and methods of ``source`` in source order.

    Nested definitions get dotted qualnames (``Outer.Inner.method``, ``outer.helper``);
    a ``def`` directly inside a class is a ``"method"``. For code with syntax errors
    the definitions are found line by line (headers shown as written), never raising.

    Example:
        >>> [s.qualname for s in outline("def f():\\n    def g():\\n        pass\\n")]
        ['f', 'f.g']
        >>> [s.qualname for s in outline("class A\\n    def m(self):\\n        pass\\n")]
        ['A', 'A.m']
    """
    root = parse(source).root_node
    if root.has_error:
        records = _scan_broken(source, root)
    else:
        records = [r for r in (_from_node(*nodes) for nodes in _tree_definitions(root).values()) if r is not None]
        records.sort(key=lambda r: (r.row, r.column))

    symbols: list[Symbol] = []
    scope: list[tuple[int, Symbol]] = []  # (column, symbol) of the enclosing definitions
    for record in records:
        while scope and scope[-1][0] >= record.column:
            scope.pop()
        parent = scope[-1][1] if scope else None
        if record.is_class:
            kind: SymbolKind = "class"
        else:
            kind = "method" if parent is not None and parent.kind == "class" else "function"
        symbol = Symbol(
            kind=kind,
            name=record.name,
            qualname=f"{parent.qualname}.{record.name}" if parent is not None else record.name,
            start_line=record.row + 1,
            end_line=record.end_row + 1,
            signature=record.signature,
            docstring=record.docstring,
        )
        symbols.append(symbol)
        scope.append((record.column, symbol))
    return symbols


def render_outline(source: str, path: str = "solution.py") -> str:
    """Render a compact outline an agent can read; syntax errors are listed after it.

    Example:
        >>> print(render_outline("def two_sum(nums, target):\\n    return []\\n"))
        solution.py
          def two_sum(nums, target) [1-2]
    """
    lines = [path]
    symbols = outline(source)
    for symbol in symbols:
        indent = "  " * (symbol.depth + 1)
        doc = f"  # {symbol.docstring}" if symbol.docstring else ""
        lines.append(f"{indent}{symbol.signature.removesuffix(':')} [{symbol.start_line}-{symbol.end_line}]{doc}")
    if not symbols:
        lines.append("  (no functions or classes)")
    issues = syntax_errors(source)
    for issue in issues[:_MAX_ISSUES_SHOWN]:
        lines.append(f"  ! syntax error: {issue}")
    if len(issues) > _MAX_ISSUES_SHOWN:
        lines.append(f"  ! ... and {len(issues) - _MAX_ISSUES_SHOWN} more syntax errors")
    return "\n".join(lines)
