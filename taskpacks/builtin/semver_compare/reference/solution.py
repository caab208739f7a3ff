import re

_IDENT = r"[0-9A-Za-z-]+"
_NUM = r"(?:0|[1-9][0-9]*)"
_PRE_IDENT = rf"(?:{_NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_SEMVER = re.compile(
    rf"({_NUM})\.({_NUM})\.({_NUM})"
    rf"(?:-({_PRE_IDENT}(?:\.{_PRE_IDENT})*))?"
    rf"(?:\+({_IDENT}(?:\.{_IDENT})*))?"
)


def _key(version):
    m = _SEMVER.fullmatch(version)
    if m is None:
        raise ValueError(f"invalid semantic version: {version!r}")
    core = tuple(int(m.group(i)) for i in (1, 2, 3))
    if m.group(4) is None:
        return core, (1,)
    pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in m.group(4).split("."))
    return core, (0, pre)


def compare_versions(a, b):
    """Compare two SemVer 2.0.0 strings: -1, 0 or 1."""
    ka, kb = _key(a), _key(b)
    return (ka > kb) - (ka < kb)
