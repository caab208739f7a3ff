def encrypt(text, key):
    """Vigenère-encrypt the ASCII letters of text with key."""
    pass


def decrypt(text, key):
    """Vigenère-decrypt the ASCII letters of text with key."""
    pass
