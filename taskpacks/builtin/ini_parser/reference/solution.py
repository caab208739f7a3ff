import re


class IniError(ValueError):
    """Malformed INI input; lineno is the 1-based line number."""

    def __init__(self, message, lineno):
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno


def parse_ini(text):
    """Parse INI text into {section: {key: value}}."""
    result = {}
    section = ""
    last_key = None  # key of the previous key/value or continuation line
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            last_key = None
        elif raw[0] in " \t" and last_key is not None:
            result[section][last_key] += "\n" + line
        elif line[0] in ";#":
            last_key = None
        elif line.startswith("["):
            if not line.endswith("]") or not line[1:-1].strip():
                raise IniError("invalid section header", lineno)
            section = line[1:-1].strip()
            result.setdefault(section, {})
            last_key = None
        else:
            match = re.search(r"[=:]", line)
            if match is None:
                raise IniError("expected key = value", lineno)
            key = line[:match.start()].strip().lower()
            if not key:
                raise IniError("empty key", lineno)
            result.setdefault(section, {})[key] = line[match.end():].strip()
            last_key = key
    return result
