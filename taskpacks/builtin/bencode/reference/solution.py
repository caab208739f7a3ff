import re

_INT = re.compile(rb"i(0|-?[1-9][0-9]*)e")
_LEN = re.compile(rb"(0|[1-9][0-9]*):")


def encode(obj):
    """Serialize obj to bencode bytes."""
    if isinstance(obj, bool):
        raise TypeError("bool is not encodable")
    if isinstance(obj, int):
        return b"i%de" % obj
    if isinstance(obj, str):
        obj = obj.encode("utf-8")
    if isinstance(obj, bytes):
        return b"%d:%s" % (len(obj), obj)
    if isinstance(obj, (list, tuple)):
        return b"l" + b"".join(encode(x) for x in obj) + b"e"
    if isinstance(obj, dict):
        items = []
        for key, value in obj.items():
            if not isinstance(key, (str, bytes)):
                raise TypeError(f"invalid dict key type {type(key).__name__}")
            raw = key.encode("utf-8") if isinstance(key, str) else key
            items.append((raw, value))
        items.sort(key=lambda kv: kv[0])
        if any(a[0] == b[0] for a, b in zip(items, items[1:])):
            raise ValueError("duplicate dict key")
        return b"d" + b"".join(encode(k) + encode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot encode {type(obj).__name__}")


def _decode(data, i):
    if i >= len(data):
        raise ValueError("unexpected end of data")
    c = data[i:i + 1]
    if c == b"i":
        m = _INT.match(data, i)
        if not m:
            raise ValueError(f"invalid integer at {i}")
        return int(m.group(1)), m.end()
    if c.isdigit():
        m = _LEN.match(data, i)
        if not m:
            raise ValueError(f"invalid string length at {i}")
        start = m.end()
        end = start + int(m.group(1))
        if end > len(data):
            raise ValueError("string runs past the end of data")
        return data[start:end], end
    if c == b"l":
        i += 1
        items = []
        while data[i:i + 1] != b"e":
            item, i = _decode(data, i)
            items.append(item)
        return items, i + 1
    if c == b"d":
        i += 1
        result = {}
        last = None
        while data[i:i + 1] != b"e":
            if not data[i:i + 1].isdigit():
                raise ValueError(f"dict key must be a byte string at {i}")
            key, i = _decode(data, i)
            if last is not None and key <= last:
                raise ValueError("dict keys not strictly increasing")
            result[key], i = _decode(data, i)
            last = key
        return result, i + 1
    raise ValueError(f"unknown type prefix {c!r} at {i}")


def decode(data):
    """Parse bencode bytes into Python objects."""
    value, end = _decode(bytes(data), 0)
    if end != len(data):
        raise ValueError("trailing data")
    return value
