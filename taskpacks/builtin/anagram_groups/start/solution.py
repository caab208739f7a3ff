def group_anagrams(words):
    """Group words into anagram classes (see the task statement for ordering)."""
    pass
