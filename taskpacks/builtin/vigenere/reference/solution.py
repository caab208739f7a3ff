import string


def _shifts(key):
    if not key or any(c not in string.ascii_letters for c in key):
        raise ValueError("key must be a non-empty string of ASCII letters")
    return [ord(c) - ord("a") for c in key.lower()]


def _apply(text, key, sign):
    shifts = _shifts(key)
    out = []
    i = 0
    for ch in text:
        if ch in string.ascii_letters:
            base = ord("a") if ch.islower() else ord("A")
            out.append(chr((ord(ch) - base + sign * shifts[i % len(shifts)]) % 26 + base))
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def encrypt(text, key):
    """Vigenère-encrypt the ASCII letters of text with key."""
    return _apply(text, key, 1)


def decrypt(text, key):
    """Vigenère-decrypt the ASCII letters of text with key."""
    return _apply(text, key, -1)
