import bisect


class IntervalSet:
    """A set of numbers stored as disjoint, merged half-open intervals."""

    def __init__(self):
        self._starts = []
        self._ends = []

    @staticmethod
    def _check(start, end):
        if start > end:
            raise ValueError("start must not exceed end")

    def add(self, start, end):
        self._check(start, end)
        if start == end:
            return
        i = bisect.bisect_right(self._ends, start)   # first interval that may merge
        j = bisect.bisect_right(self._starts, end)   # intervals starting at or before end
        if i < j:
            start = min(start, self._starts[i])
            end = max(end, self._ends[j - 1])
        self._starts[i:j] = [start]
        self._ends[i:j] = [end]

    def remove(self, start, end):
        self._check(start, end)
        if start == end:
            return
        i = bisect.bisect_right(self._ends, start)   # first interval ending after start
        j = bisect.bisect_left(self._starts, end)    # intervals starting before end
        if i >= j:
            return
        new_starts, new_ends = [], []
        if self._starts[i] < start:
            new_starts.append(self._starts[i])
            new_ends.append(start)
        if self._ends[j - 1] > end:
            new_starts.append(end)
            new_ends.append(self._ends[j - 1])
        self._starts[i:j] = new_starts
        self._ends[i:j] = new_ends

    def contains(self, x):
        i = bisect.bisect_right(self._starts, x) - 1
        return i >= 0 and x < self._ends[i]

    def intervals(self):
        return list(zip(self._starts, self._ends))

    def total_length(self):
        return sum(e - s for s, e in zip(self._starts, self._ends))
