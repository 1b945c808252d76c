"""Running median, exact: two heaps, O(log n) per value.

MUTANT (must fail the hidden tests): keeps one sorted list with bisect.insort: exact, but an O(n) memory shift per value.
"""
REPLACE = [
    (
        r"""import heapq
""",
        r"""import bisect
import heapq  # noqa: F401
""",
    ),
    (
        r"""        ordered = sorted(_checked(x) for x in values)
        half = (len(ordered) + 1) // 2
        self._low = [-x for x in ordered[:half]]
        self._high = ordered[half:]
        heapq.heapify(self._low)
        heapq.heapify(self._high)
""",
        r"""        self._ordered = sorted(_checked(x) for x in values)
""",
    ),
    (
        r"""        return len(self._low) + len(self._high)
""",
        r"""        return len(self._ordered)
""",
    ),
    (
        r"""        _checked(x)
        low, high = self._low, self._high
        if not low or x <= -low[0]:
            heapq.heappush(low, -x)
        else:
            heapq.heappush(high, x)
        # Rebalance on sizes alone, whatever the value was: equal values move the boundary too.
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
""",
        r"""        bisect.insort(self._ordered, _checked(x))  # BUG (speed): shifts O(n) pointers
""",
    ),
    (
        r"""        if not self._low:
""",
        r"""        ordered = self._ordered
        if not ordered:
""",
    ),
    (
        r"""        if len(self._low) > len(self._high):
            return float(-self._low[0])
        return (-self._low[0] + self._high[0]) / 2
""",
        r"""        n = len(ordered)
        if n % 2:
            return float(ordered[n // 2])
        return (ordered[n // 2 - 1] + ordered[n // 2]) / 2
""",
    ),
]
