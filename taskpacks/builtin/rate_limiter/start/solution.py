import time


class RateLimiter:
    """Allow at most max_calls per key in any sliding window of length period."""

    def __init__(self, max_calls, period, clock=time.monotonic):
        """Allow max_calls per key in any sliding window of length period, timed by clock()."""
        pass

    def allow(self, key="default"):
        """Record and allow a call for key if it is under the limit, else return False."""
        pass

    def remaining(self, key="default"):
        """How many more calls allow(key) would accept right now."""
        pass
