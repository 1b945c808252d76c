"""Running median, exact: two heaps, O(log n) per value.

Reference solution. See exercises/streaming/running_median.py for the statement.
"""
from __future__ import annotations

import heapq
import math
import numbers
from typing import Iterable


def _checked(x: float) -> float:
    # Fast path first: isinstance against the numbers ABCs costs more than a heap push.
    if type(x) is not float and type(x) is not int and (isinstance(x, bool) or not isinstance(x, numbers.Real)):
        raise TypeError(f"RunningMedian expects numbers, got {type(x).__name__}")
    # NaN compares false with everything: one NaN would silently corrupt both heaps.
    if isinstance(x, float) and math.isnan(x):
        raise ValueError("NaN has no place in an ordering: cannot add NaN to a running median")
    return x


class RunningMedian:
    """The exact median of every value seen so far.

    `_low` is a max-heap (stored negated) of the smaller half, `_high` a min-heap of the
    larger half. Invariant: every value in `_low` <= every value in `_high`, and `_low`
    holds the extra value when the count is odd, so the median sits on the heap tops.
    """

    def __init__(self, values: Iterable[float] = ()):
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"RunningMedian expects values as an iterable of numbers, got {type(values).__name__}")
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
