"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

Reference solution. See exercises/streaming/sliding_median.py for the statement.
"""
from __future__ import annotations

import heapq
import math
import numbers
from collections import Counter
from typing import Sequence


def sliding_median(values: Sequence[float], k: int) -> list[float]:
    """The median of every full window of `k` consecutive values, in stream order."""
    if isinstance(k, bool) or not isinstance(k, int) or k <= 0:
        raise ValueError(f"k must be a positive int (the window size), got {k!r}")
    # A str is a sequence too (of characters): refuse it with everything not a sequence.
    if isinstance(values, (str, bytes)) or not (isinstance(values, Sequence) or hasattr(values, "__array__")):
        raise TypeError(f"sliding_median expects values as a sequence of numbers, got {type(values).__name__}")
    values = list(values)
    for x in values:
        if type(x) is not float and type(x) is not int and (isinstance(x, bool) or not isinstance(x, numbers.Real)):
            raise TypeError(f"sliding_median expects values as a sequence of numbers, got an item of type {type(x).__name__}")
    if any(isinstance(x, float) and math.isnan(x) for x in values):
        raise ValueError("NaN has no place in an ordering: the values contain NaN")
    if len(values) < k:
        return []

    odd = k % 2
    low: list[float] = []  # max-heap (negated): the smaller ceil(k/2) live values, plus dead ones
    high: list[float] = []  # min-heap: the larger floor(k/2) live values, plus dead ones
    dead: Counter = Counter()  # value -> copies that left the window but still sit in a heap

    def rebuild(window: list[float]) -> None:
        # Sort the live window once and split it: also how dead entries are dropped in bulk.
        nonlocal low, high
        ordered = sorted(window)
        low = [-x for x in ordered[: (k + 1) // 2]]
        high = ordered[(k + 1) // 2 :]
        heapq.heapify(low)
        heapq.heapify(high)
        dead.clear()

    def prune() -> None:
        # Only a dead value on a top can mislead; dead values deeper down wait their turn.
        while low and dead[-low[0]]:
            dead[-heapq.heappop(low)] -= 1
        while high and dead[high[0]]:
            dead[heapq.heappop(high)] -= 1

    rebuild(values[:k])
    out = [float(-low[0]) if odd else (-low[0] + high[0]) / 2]
    for i in range(k, len(values)):
        leaving, entering = values[i - k], values[i]
        # balance = change in (live values in low) - (live values in high): -2, 0 or 2.
        # Equal values are interchangeable, so a leaving value equal to the low top is
        # charged to low; prune() then removes whichever copy surfaces first.
        dead[leaving] += 1
        balance = -1 if leaving <= -low[0] else 1
        if entering <= -low[0]:
            heapq.heappush(low, -entering)
            balance += 1
        else:
            heapq.heappush(high, entering)
            balance -= 1
        if balance > 0:
            heapq.heappush(high, -heapq.heappop(low))
        elif balance < 0:
            heapq.heappush(low, -heapq.heappop(high))
        prune()
        # Dead values that never reach a top would pile up (a rising stream leaves its old,
        # small values at the bottom of low): rebuild from the window once they outnumber it.
        if len(low) + len(high) > 2 * k:
            rebuild(values[i - k + 1 : i + 1])
        out.append(float(-low[0]) if odd else (-low[0] + high[0]) / 2)
    return out
