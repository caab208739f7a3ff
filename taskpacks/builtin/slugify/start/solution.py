import unicodedata


def slugify(text, max_length=None):
    """Turn text into a lowercase ASCII URL slug (see the task statement)."""
    pass
