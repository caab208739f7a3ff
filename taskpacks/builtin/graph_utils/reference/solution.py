from collections import deque


def add_edge(graph, u, v):
    """Add the undirected edge u - v to the adjacency-set dict graph."""
    if u == v:
        raise ValueError("self-loops are not allowed")
    graph.setdefault(u, set()).add(v)
    graph.setdefault(v, set()).add(u)


def shortest_path(graph, start, goal):
    """Fewest-edges path from start to goal, or None."""
    if start not in graph:
        raise KeyError(start)
    if goal not in graph:
        raise KeyError(goal)
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while path[-1] != start:
                path.append(parent[path[-1]])
            return path[::-1]
        for nb in graph[node]:
            if nb not in parent:
                parent[nb] = node
                queue.append(nb)
    return None


def components(graph):
    """Connected components ordered by smallest node."""
    seen = set()
    result = []
    for root in graph:
        if root in seen:
            continue
        comp = {root}
        stack = [root]
        seen.add(root)
        while stack:
            for nb in graph[stack.pop()]:
                if nb not in seen:
                    seen.add(nb)
                    comp.add(nb)
                    stack.append(nb)
        result.append(comp)
    return sorted(result, key=min)
