import heapq


class CycleError(ValueError):
    """Raised when the graph contains a cycle."""


def topo_sort(graph):
    """Lexicographically smallest topological order of graph's nodes."""
    successors = {}
    indegree = {}
    for u, vs in graph.items():
        successors.setdefault(u, set())
        indegree.setdefault(u, 0)
        for v in vs:
            successors.setdefault(v, set())
            indegree.setdefault(v, 0)
            if v not in successors[u]:
                successors[u].add(v)
                indegree[v] += 1
    ready = [node for node, deg in indegree.items() if deg == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for v in successors[node]:
            indegree[v] -= 1
            if indegree[v] == 0:
                heapq.heappush(ready, v)
    if len(order) != len(indegree):
        raise CycleError("graph has a cycle")
    return order
