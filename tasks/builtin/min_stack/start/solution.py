class MinStack:
    """A stack supporting push, pop, top and get_min in O(1)."""

    def __init__(self):
        pass

    def push(self, x):
        pass

    def pop(self):
        pass

    def top(self):
        pass

    def get_min(self):
        pass

    def __len__(self):
        return 0
