class Trie:
    """A set of strings stored as a prefix tree."""

    def __init__(self, words=()):
        pass

    def insert(self, word):
        return False

    def contains(self, word):
        return False

    def remove(self, word):
        return False

    def count_prefix(self, prefix):
        return 0

    def starts_with(self, prefix):
        return []

    def __len__(self):
        return 0
