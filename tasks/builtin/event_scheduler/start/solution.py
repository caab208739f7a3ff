class Scheduler:
    """Books non-overlapping half-open [start, end) events on one resource."""

    def __init__(self):
        self._events = []

    def book(self, name, start, end):
        self._events.append((start, end, name))
        return True

    def cancel(self, name):
        return False

    def events(self):
        return list(self._events)

    def free_slots(self, window_start, window_end):
        return [(window_start, window_end)]

    def next_free(self, duration, after):
        return after
