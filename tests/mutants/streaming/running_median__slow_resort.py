"""Running median, exact: two heaps, O(log n) per value.

MUTANT (must fail the hidden tests): re-sorts every value seen on each update (O(n log n) per value).
"""
REPLACE = [
    (
        r'''    def __init__(self, values: Iterable[float] = ()):
        # A history is sorted once and split, which beats pushing it value by value.
        ordered = sorted(_checked(x) for x in values)
        half = (len(ordered) + 1) // 2
        self._low = [-x for x in ordered[:half]]
        self._high = ordered[half:]
        heapq.heapify(self._low)
        heapq.heapify(self._high)

    def __len__(self) -> int:
        return len(self._low) + len(self._high)

    def add(self, x: float) -> float:
        """Add `x` to the stream and return the median of everything so far."""
        _checked(x)
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
        return self.median()

    def median(self) -> float:
        """The median so far; for an even count, the mean of the two middle values."""
        if not self._low:
            raise ValueError("median of an empty stream: add a value first")
        if len(self._low) > len(self._high):
            return float(-self._low[0])
        return (-self._low[0] + self._high[0]) / 2
''',
        r'''    def __init__(self, values: Iterable[float] = ()):
        # A history is sorted once and split, which beats pushing it value by value.
        self._values = [_checked(x) for x in values]

    def __len__(self) -> int:
        return len(self._values)

    def add(self, x: float) -> float:
        """Add `x` to the stream and return the median of everything so far."""
        self._values.append(_checked(x))
        return self.median()

    def median(self) -> float:
        """The median so far; for an even count, the mean of the two middle values."""
        if not self._values:
            raise ValueError("median of an empty stream: add a value first")
        ordered = sorted(self._values)  # BUG (speed): a full sort on every update
        n = len(ordered)
        if n % 2:
            return float(ordered[n // 2])
        return (ordered[n // 2 - 1] + ordered[n // 2]) / 2
''',
    ),
]
