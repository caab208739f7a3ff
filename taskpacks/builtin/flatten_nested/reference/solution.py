def flatten(obj):
    """Flatten nested lists/tuples into a flat list."""
    result = []
    stack = [iter(obj)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))
                break
            result.append(item)
        else:
            stack.pop()
    return result
