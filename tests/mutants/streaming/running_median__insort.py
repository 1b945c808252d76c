"""Running median, exact: two heaps, O(log n) per value.

MUTANT (must fail the hidden tests): keeps one sorted list with bisect.insort: exact, but an O(n) memory shift per value.
"""
from __future__ import annotations

import bisect
import heapq  # noqa: F401
import math
from typing import Iterable


def _checked(x: float) -> float:
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
        # A history is sorted once and split, which beats pushing it value by value.
        self._ordered = sorted(_checked(x) for x in values)

    def __len__(self) -> int:
        return len(self._ordered)

    def add(self, x: float) -> float:
        """Add `x` to the stream and return the median of everything so far."""
        bisect.insort(self._ordered, _checked(x))  # BUG (speed): shifts O(n) pointers
        return self.median()

    def median(self) -> float:
        """The median so far; for an even count, the mean of the two middle values."""
        ordered = self._ordered
        if not ordered:
            raise ValueError("median of an empty stream: add a value first")
        n = len(ordered)
        if n % 2:
            return float(ordered[n // 2])
        return (ordered[n // 2 - 1] + ordered[n // 2]) / 2
