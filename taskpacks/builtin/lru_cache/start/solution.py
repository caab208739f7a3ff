class LRUCache:
    """Fixed-capacity cache evicting the least recently used key."""

    def __init__(self, capacity):
        """Create an empty cache holding at most capacity keys (ValueError if capacity < 1)."""
        pass

    def get(self, key, default=None):
        """Return the value for key and mark it most recently used, or default if absent."""
        pass

    def put(self, key, value):
        """Insert or update key, evicting the least recently used key when a new key overflows."""
        pass

    def __contains__(self, key):
        """Membership test that does not change recency."""
        pass

    def __len__(self):
        """Number of stored keys."""
        pass

    def keys(self):
        """Stored keys from least to most recently used."""
        pass
