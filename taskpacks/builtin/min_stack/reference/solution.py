class MinStack:
    """A stack supporting push, pop, top and get_min in O(1)."""

    def __init__(self):
        self._items = []
        self._mins = []

    def push(self, x):
        self._items.append(x)
        self._mins.append(x if not self._mins or x < self._mins[-1] else self._mins[-1])

    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        self._mins.pop()
        return self._items.pop()

    def top(self):
        if not self._items:
            raise IndexError("top of empty stack")
        return self._items[-1]

    def get_min(self):
        if not self._mins:
            raise IndexError("min of empty stack")
        return self._mins[-1]

    def __len__(self):
        return len(self._items)
