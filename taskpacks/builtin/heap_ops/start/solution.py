def heap_push(heap, item):
    """Push item onto the min-heap list, keeping the heap invariant."""
    pass


def heap_pop(heap):
    """Pop and return the smallest item of the min-heap list."""
    pass


def heapify(items):
    """Rearrange items in place into a min-heap in O(n)."""
    pass
