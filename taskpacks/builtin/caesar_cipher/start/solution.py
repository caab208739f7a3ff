def caesar(text, shift):
    """Caesar-shift the ASCII letters of text by shift positions."""
    pass
