class Scheduler:
    """Books non-overlapping half-open [start, end) events on one resource."""

    def __init__(self):
        """Create an empty schedule."""
        pass

    def book(self, name, start, end):
        """Book [start, end) as name; False if it overlaps (ValueError for bad arguments)."""
        pass

    def cancel(self, name):
        """Remove the event called name; False if there is none."""
        pass

    def events(self):
        """All events as (start, end, name), sorted by start."""
        pass

    def free_slots(self, window_start, window_end):
        """Maximal free [s, e) intervals inside [window_start, window_end)."""
        pass

    def next_free(self, duration, after):
        """Earliest t >= after such that [t, t + duration) is free."""
        pass
