class _Node:
    __slots__ = ("children", "terminal", "count")

    def __init__(self):
        self.children = {}
        self.terminal = False
        self.count = 0  # words stored in this subtree


class Trie:
    """A set of strings stored as a prefix tree."""

    def __init__(self, words=()):
        self._root = _Node()
        for word in words:
            self.insert(word)

    def _find(self, prefix):
        node = self._root
        for ch in prefix:
            node = node.children.get(ch)
            if node is None:
                return None
        return node

    def insert(self, word):
        if self.contains(word):
            return False
        node = self._root
        node.count += 1
        for ch in word:
            node = node.children.setdefault(ch, _Node())
            node.count += 1
        node.terminal = True
        return True

    def contains(self, word):
        node = self._find(word)
        return node is not None and node.terminal

    def remove(self, word):
        if not self.contains(word):
            return False
        node = self._root
        node.count -= 1
        for ch in word:
            child = node.children[ch]
            child.count -= 1
            if child.count == 0:
                del node.children[ch]
                return True
            node = child
        node.terminal = False
        return True

    def count_prefix(self, prefix):
        node = self._find(prefix)
        return node.count if node else 0

    def starts_with(self, prefix):
        node = self._find(prefix)
        result = []

        def walk(n, path):
            if n.terminal:
                result.append(path)
            for ch, child in n.children.items():
                walk(child, path + ch)

        if node is not None:
            walk(node, prefix)
        return sorted(result)

    def __len__(self):
        return self._root.count
