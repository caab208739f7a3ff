"""Text helpers shared by the code tools: line splitting and byte/char offsets.

tree-sitter reports positions in UTF-8 bytes; codegym's public API speaks in
characters of the ``str`` and in 1-based lines split on ``"\\n"`` only (the same
lines tree-sitter counts).

Example:
    >>> text = SourceText("é = 1\\nx = 2\\n")
    >>> text.char_offset(len("é = 1\\n".encode()))
    6
    >>> split_lines("a\\nb")
    ['a\\n', 'b']
"""

from __future__ import annotations

from bisect import bisect_right


def split_lines(source: str) -> list[str]:
    """Split ``source`` on ``"\\n"`` keeping the newlines; ``""`` has no lines.

    Example:
        >>> split_lines("x\\n\\ny\\n")
        ['x\\n', '\\n', 'y\\n']
    """
    if not source:
        return []
    parts = source.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def line_of(source: str, offset: int) -> int:
    """Return the 1-based line holding character ``offset`` of ``source``.

    Example:
        >>> line_of("a\\nbc", 3)
        2
    """
    return source.count("\n", 0, offset) + 1


class SourceText:
    """A ``str`` with its UTF-8 bytes and a byte-to-character offset map.

    Example:
        >>> SourceText("abc").char_offset(2)
        2
    """

    __slots__ = ("_byte_starts", "_char_starts", "data", "is_ascii", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        self.is_ascii = len(self.data) == len(text)
        self._byte_starts: list[int] | None = None
        self._char_starts: list[int] | None = None

    def _index(self) -> tuple[list[int], list[int]]:
        if self._byte_starts is None or self._char_starts is None:
            byte_starts, char_starts = [0], [0]
            byte_pos = char_pos = 0
            for line in self.text.split("\n")[:-1]:
                byte_pos += len(line.encode("utf-8")) + 1
                char_pos += len(line) + 1
                byte_starts.append(byte_pos)
                char_starts.append(char_pos)
            self._byte_starts, self._char_starts = byte_starts, char_starts
        return self._byte_starts, self._char_starts

    def char_offset(self, byte_offset: int) -> int:
        """Convert a UTF-8 byte offset (on a character boundary) to a character offset."""
        if self.is_ascii:
            return byte_offset
        byte_starts, char_starts = self._index()
        row = bisect_right(byte_starts, byte_offset) - 1
        start = byte_starts[row]
        return char_starts[row] + len(self.data[start:byte_offset].decode("utf-8", "replace"))

    def column(self, row: int, byte_column: int) -> int:
        """Convert a tree-sitter ``(row, byte column)`` to a 0-based character column."""
        if self.is_ascii:
            return byte_column
        byte_starts, _ = self._index()
        if row >= len(byte_starts):
            return byte_column
        start = byte_starts[row]
        return len(self.data[start : start + byte_column].decode("utf-8", "replace"))
