class UnionFind:
    """Disjoint sets with union by size and path compression."""

    def __init__(self, elements=()):
        """Start with each given element in its own set."""
        pass

    def add(self, x):
        """Add x as a new singleton set (no effect if already present)."""
        pass

    def find(self, x):
        """Representative of x's set (KeyError if x is unknown)."""
        pass

    def union(self, a, b):
        """Merge the sets of a and b, adding unknown elements; True if two sets were merged."""
        pass

    def connected(self, a, b):
        """Whether a and b are in the same set (KeyError if either is unknown)."""
        pass

    def set_size(self, x):
        """Size of x's set (KeyError if x is unknown)."""
        pass

    def num_sets(self):
        """Current number of disjoint sets."""
        pass

    def __len__(self):
        """Number of elements."""
        pass
