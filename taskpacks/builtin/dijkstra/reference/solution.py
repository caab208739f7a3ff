import heapq
import itertools


def _dijkstra(graph, source):
    for edges in graph.values():
        for _, w in edges:
            if w < 0:
                raise ValueError("negative edge weight")
    dist = {source: 0}
    prev = {}
    counter = itertools.count()
    heap = [(0, next(counter), source)]
    done = set()
    while heap:
        d, _, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v, w in graph.get(u, ()):
            nd = d + w
            if v not in dist or nd < dist[v]:
                dist[v] = nd
                prev[v] = u
                heapq.heappush(heap, (nd, next(counter), v))
    return dist, prev


def all_distances(graph, source):
    """Shortest distance from source to every reachable node."""
    return _dijkstra(graph, source)[0]


def shortest_path(graph, source, target):
    """(distance, path) of a shortest source->target path, or None."""
    dist, prev = _dijkstra(graph, source)
    if target not in dist:
        return None
    path = [target]
    while path[-1] != source:
        path.append(prev[path[-1]])
    return dist[target], path[::-1]
