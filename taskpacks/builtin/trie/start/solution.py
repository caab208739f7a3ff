class Trie:
    """A set of strings stored as a prefix tree."""

    def __init__(self, words=()):
        """Create a trie containing the given words."""
        pass

    def insert(self, word):
        """Add word; True if it was new."""
        pass

    def contains(self, word):
        """Whether word is stored."""
        pass

    def remove(self, word):
        """Remove word; True if it was present."""
        pass

    def count_prefix(self, prefix):
        """Number of stored words starting with prefix."""
        pass

    def starts_with(self, prefix):
        """Stored words starting with prefix, in ascending order."""
        pass

    def __len__(self):
        """Number of stored words."""
        pass
