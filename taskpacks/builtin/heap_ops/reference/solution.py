def _sift_up(heap, i):
    item = heap[i]
    while i > 0:
        parent = (i - 1) // 2
        if heap[parent] <= item:
            break
        heap[i] = heap[parent]
        i = parent
    heap[i] = item


def _sift_down(heap, i):
    n = len(heap)
    item = heap[i]
    while True:
        child = 2 * i + 1
        if child >= n:
            break
        if child + 1 < n and heap[child + 1] < heap[child]:
            child += 1
        if item <= heap[child]:
            break
        heap[i] = heap[child]
        i = child
    heap[i] = item


def heap_push(heap, item):
    """Push item onto the min-heap list, keeping the heap invariant."""
    heap.append(item)
    _sift_up(heap, len(heap) - 1)


def heap_pop(heap):
    """Pop and return the smallest item of the min-heap list."""
    if not heap:
        raise IndexError("pop from empty heap")
    last = heap.pop()
    if not heap:
        return last
    smallest = heap[0]
    heap[0] = last
    _sift_down(heap, 0)
    return smallest


def heapify(items):
    """Rearrange items in place into a min-heap in O(n)."""
    for i in range(len(items) // 2 - 1, -1, -1):
        _sift_down(items, i)
