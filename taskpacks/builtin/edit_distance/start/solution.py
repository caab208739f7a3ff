def edit_distance(a, b, transpositions=False):
    """Levenshtein (or OSA, with transpositions=True) distance between a and b."""
    pass


def closest_matches(word, candidates, max_distance):
    """Distinct candidates within max_distance of word, sorted by (distance, word)."""
    pass
