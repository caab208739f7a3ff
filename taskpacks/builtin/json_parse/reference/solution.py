import re

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\n\r"


class _Parser:
    def __init__(self, text):
        self.s = text
        self.i = 0

    def error(self, msg):
        raise ValueError(f"{msg} at position {self.i}")

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in _WS:
            self.i += 1

    def value(self):
        self.ws()
        if self.i >= len(self.s):
            self.error("unexpected end of input")
        ch = self.s[self.i]
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.arr()
        if ch == '"':
            return self.string()
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return val
        m = _NUMBER.match(self.s, self.i)
        if not m:
            self.error("unexpected character")
        self.i = m.end()
        if m.group(1) or m.group(2):
            return float(m.group())
        return int(m.group())

    def obj(self):
        self.i += 1
        result = {}
        self.ws()
        if self.s.startswith("}", self.i):
            self.i += 1
            return result
        while True:
            self.ws()
            if not self.s.startswith('"', self.i):
                self.error("expected string key")
            key = self.string()
            self.ws()
            if not self.s.startswith(":", self.i):
                self.error("expected ':'")
            self.i += 1
            result[key] = self.value()
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif self.s.startswith("}", self.i):
                self.i += 1
                return result
            else:
                self.error("expected ',' or '}'")

    def arr(self):
        self.i += 1
        result = []
        self.ws()
        if self.s.startswith("]", self.i):
            self.i += 1
            return result
        while True:
            result.append(self.value())
            self.ws()
            if self.s.startswith(",", self.i):
                self.i += 1
            elif self.s.startswith("]", self.i):
                self.i += 1
                return result
            else:
                self.error("expected ',' or ']'")

    def hex4(self):
        digits = self.s[self.i:self.i + 4]
        if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
            self.error("invalid \\u escape")
        self.i += 4
        return int(digits, 16)

    def string(self):
        self.i += 1
        out = []
        while True:
            if self.i >= len(self.s):
                self.error("unterminated string")
            ch = self.s[self.i]
            self.i += 1
            if ch == '"':
                return "".join(out)
            if ch < " ":
                self.error("control character in string")
            if ch != "\\":
                out.append(ch)
                continue
            esc = self.s[self.i:self.i + 1]
            self.i += 1
            if esc in _ESCAPES:
                out.append(_ESCAPES[esc])
            elif esc == "u":
                code = self.hex4()
                if 0xD800 <= code < 0xDC00 and self.s.startswith("\\u", self.i):
                    save = self.i
                    self.i += 2
                    low = self.hex4()
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    else:
                        self.i = save
                out.append(chr(code))
            else:
                self.error("invalid escape")


def parse_json(text):
    """Parse a strict JSON document into Python values."""
    parser = _Parser(text)
    value = parser.value()
    parser.ws()
    if parser.i != len(text):
        parser.error("extra data")
    return value
