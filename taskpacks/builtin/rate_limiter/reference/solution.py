import time
from collections import deque


class RateLimiter:
    """Allow at most max_calls per key in any sliding window of length period."""

    def __init__(self, max_calls, period, clock=time.monotonic):
        if max_calls < 1:
            raise ValueError("max_calls must be at least 1")
        if period <= 0:
            raise ValueError("period must be positive")
        self.max_calls = max_calls
        self.period = period
        self.clock = clock
        self._calls = {}

    def _window(self, key, now):
        calls = self._calls.setdefault(key, deque())
        while calls and calls[0] <= now - self.period:
            calls.popleft()
        return calls

    def allow(self, key="default"):
        now = self.clock()
        calls = self._window(key, now)
        if len(calls) >= self.max_calls:
            return False
        calls.append(now)
        return True

    def remaining(self, key="default"):
        return self.max_calls - len(self._window(key, self.clock()))
