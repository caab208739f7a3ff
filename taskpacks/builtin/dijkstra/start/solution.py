def all_distances(graph, source):
    """Shortest distance from source to every reachable node."""
    pass


def shortest_path(graph, source, target):
    """(distance, path) of a shortest source->target path, or None."""
    pass
