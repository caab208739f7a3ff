"""A job that counts a text in its own memory: proof that nothing it inherited holds it.

The needle is spelt reversed in the job's source and built at run time, so the job holds
it only in the one bytes object it searches with, which the count leaves out. Tests pair
a clean result with a positive control (the same scan finding the text where it is).

Example:
    >>> "needle"[::-1] in memory_scan_source("needle")
    True
"""

from __future__ import annotations

_SCAN = r'''
needle = %r[::-1].encode()
found = 0
with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
    for line in maps:
        fields = line.split()
        if "r" not in fields[1]:
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        try:
            mem.seek(start)
            found += mem.read(end - start).count(needle)
        except (OSError, ValueError, OverflowError):
            pass
print("FOUND", found - 1)
'''


def memory_scan_source(text: str) -> str:
    """Python source that prints ``FOUND n``: how many copies of ``text`` its memory holds."""
    return _SCAN % text[::-1]


def found(output: str) -> int:
    """``n`` from the scan's ``FOUND n`` line."""
    return int(output.split("FOUND")[1].split()[0])
