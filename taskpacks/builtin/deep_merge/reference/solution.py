import copy

DELETE = object()


def deep_merge(base, override):
    """Recursively merge override into a copy of base."""
    result = {}
    for key in list(base) + [k for k in override if k not in base]:
        if key not in override:
            result[key] = copy.deepcopy(base[key])
            continue
        new = override[key]
        if new is DELETE:
            continue
        old = base.get(key)
        if isinstance(new, dict):
            result[key] = deep_merge(old if isinstance(old, dict) else {}, new)
        else:
            result[key] = copy.deepcopy(new)
    return result
