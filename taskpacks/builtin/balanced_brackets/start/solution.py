def first_error(s):
    """Index of the first bracket error in s, or -1 if s is balanced."""
    pass


def is_balanced(s):
    """True if the brackets ()[]{} in s are balanced."""
    pass
