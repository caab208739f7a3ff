class UnionFind:
    """Disjoint sets with union by size and path compression."""

    def __init__(self, elements=()):
        self._parent = {}
        self._size = {}
        self._sets = 0
        for x in elements:
            self.add(x)

    def add(self, x):
        if x not in self._parent:
            self._parent[x] = x
            self._size[x] = 1
            self._sets += 1

    def find(self, x):
        if x not in self._parent:
            raise KeyError(x)
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def union(self, a, b):
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        self._sets -= 1
        return True

    def connected(self, a, b):
        return self.find(a) == self.find(b)

    def set_size(self, x):
        return self._size[self.find(x)]

    def num_sets(self):
        return self._sets

    def __len__(self):
        return len(self._parent)
