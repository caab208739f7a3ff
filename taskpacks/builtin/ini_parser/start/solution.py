class IniError(ValueError):
    """Malformed INI input; lineno is the 1-based line number."""

    def __init__(self, message, lineno):
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno


def parse_ini(text):
    """Parse INI text into {section: {key: value}} (see the task statement)."""
    pass
