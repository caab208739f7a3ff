def reverse_words(s):
    """Reverse the characters of each word, keeping all whitespace in place."""
    pass
