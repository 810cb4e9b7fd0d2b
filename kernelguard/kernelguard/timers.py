"""The supervisor's timers: everything that waits (a start's deadlines, the health check's repeats,
the stop's retries and deadlines) is a call scheduled here and run by the event loop."""

import heapq
import time


class Timers:

    def __init__(self):
        self.heap = []
        self.seq = 0  # calls due at the same moment run in the order they were scheduled

    def after(self, seconds, fn, *args):
        self.seq += 1
        heapq.heappush(self.heap, (time.monotonic() + seconds, self.seq, fn, args))

    def run_due(self):
        now = time.monotonic()
        while self.heap and self.heap[0][0] <= now:
            _, _, fn, args = heapq.heappop(self.heap)
            fn(*args)

    def poll_timeout(self, longest_ms):
        """Milliseconds the event loop may wait for a message before the next call is due."""
        if not self.heap:
            return longest_ms
        return max(0, min(longest_ms, int((self.heap[0][0] - time.monotonic()) * 1000) + 1))
