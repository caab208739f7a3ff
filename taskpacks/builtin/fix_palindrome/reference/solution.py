def is_palindrome(s):
    """True if s is a palindrome, ignoring case and non-alphanumeric characters."""
    chars = [c.lower() for c in s if c.isalnum()]
    i, j = 0, len(chars) - 1
    while i < j:
        if chars[i] != chars[j]:
            return False
        i += 1
        j -= 1
    return True
