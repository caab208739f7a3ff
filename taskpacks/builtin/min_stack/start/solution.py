class MinStack:
    """A stack supporting push, pop, top and get_min in O(1)."""

    def __init__(self):
        """Create an empty stack."""
        pass

    def push(self, x):
        """Push x onto the stack."""
        pass

    def pop(self):
        """Remove and return the top element (IndexError if empty)."""
        pass

    def top(self):
        """Return the top element without removing it (IndexError if empty)."""
        pass

    def get_min(self):
        """Return the smallest element on the stack (IndexError if empty)."""
        pass

    def __len__(self):
        """Number of elements on the stack."""
        pass
