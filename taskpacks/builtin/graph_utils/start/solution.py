def add_edge(graph, u, v):
    """Add the undirected edge u - v to the adjacency-set dict graph."""
    pass


def shortest_path(graph, start, goal):
    """Fewest-edges path from start to goal, or None."""
    pass


def components(graph):
    """Connected components ordered by smallest node."""
    pass
