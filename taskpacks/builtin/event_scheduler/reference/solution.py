import bisect


class Scheduler:
    """Books non-overlapping half-open [start, end) events on one resource."""

    def __init__(self):
        self._starts = []   # sorted start times
        self._events = []   # (start, end, name), parallel to _starts
        self._by_name = {}

    def book(self, name, start, end):
        if start >= end:
            raise ValueError("start must be before end")
        if name in self._by_name:
            raise ValueError(f"duplicate event name {name!r}")
        i = bisect.bisect_left(self._starts, start)
        if i > 0 and self._events[i - 1][1] > start:
            return False
        if i < len(self._events) and self._events[i][0] < end:
            return False
        self._starts.insert(i, start)
        self._events.insert(i, (start, end, name))
        self._by_name[name] = start
        return True

    def cancel(self, name):
        if name not in self._by_name:
            return False
        i = bisect.bisect_left(self._starts, self._by_name.pop(name))
        del self._starts[i]
        del self._events[i]
        return True

    def events(self):
        return list(self._events)

    def free_slots(self, window_start, window_end):
        if window_start >= window_end:
            raise ValueError("empty window")
        slots = []
        cursor = window_start
        for start, end, _ in self._events:
            if start >= window_end:
                break
            if start > cursor:
                slots.append((cursor, start))
            cursor = max(cursor, end)
        if cursor < window_end:
            slots.append((cursor, window_end))
        return slots

    def next_free(self, duration, after):
        if duration < 1:
            raise ValueError("duration must be positive")
        t = after
        i = max(bisect.bisect_right(self._starts, after) - 1, 0)
        for start, end, _ in self._events[i:]:
            if end <= t:
                continue
            if start >= t + duration:
                break
            t = end
        return t
