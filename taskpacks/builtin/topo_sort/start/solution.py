class CycleError(ValueError):
    """Raised when the graph contains a cycle."""


def topo_sort(graph):
    """Lexicographically smallest topological order of graph's nodes."""
    pass
