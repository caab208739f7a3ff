def group_anagrams(words):
    """Group words into anagram classes, ordered by first appearance."""
    groups = {}
    for word in words:
        groups.setdefault("".join(sorted(word)), []).append(word)
    return list(groups.values())
