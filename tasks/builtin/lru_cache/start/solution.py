class LRUCache:
    """Fixed-capacity cache evicting the least recently used key."""

    def __init__(self, capacity):
        self.capacity = capacity

    def get(self, key, default=None):
        return default

    def put(self, key, value):
        pass

    def __contains__(self, key):
        return False

    def __len__(self):
        return 0

    def keys(self):
        return []
