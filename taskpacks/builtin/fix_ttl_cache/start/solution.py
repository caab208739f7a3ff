import heapq
import itertools
import time


class TTLCache:
    """A key/value cache whose entries expire after a time-to-live."""

    def __init__(self, ttl, clock=time.monotonic):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._ttl = ttl
        self._clock = clock
        self._data = {}                 # key -> (value, expires_at)
        self._heap = []                 # (expires_at, seq, key)
        self._seq = itertools.count()

    def _purge(self):
        now = self._clock()
        while self._heap and self._heap[0][0] <= now:
            _, _, key = heapq.heappop(self._heap)
            self._data.pop(key, None)

    def set(self, key, value, ttl=None):
        ttl = self._ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._purge()
        expires = self._clock() + ttl
        self._data[key] = (value, expires)
        heapq.heappush(self._heap, (expires, next(self._seq), key))

    def get(self, key, default=None):
        self._purge()
        if key in self._data:
            return self._data[key][0]
        return default

    def delete(self, key):
        self._purge()
        if key in self._data:
            del self._data[key]
            return True
        return False

    def __len__(self):
        self._purge()
        return len(self._data)
