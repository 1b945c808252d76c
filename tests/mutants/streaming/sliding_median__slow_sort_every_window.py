"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

MUTANT (must fail the hidden tests): sorts every window from scratch: O(k log k) per value.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter
from typing import Sequence


def sliding_median(values: Sequence[float], k: int) -> list[float]:
    """The median of every full window of `k` consecutive values, in stream order."""
    if isinstance(k, bool) or not isinstance(k, int) or k <= 0:
        raise ValueError(f"k must be a positive int (the window size), got {k!r}")
    values = list(values)
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

    out = []
    for i in range(k - 1, len(values)):  # BUG (speed): a full sort of every window
        window = sorted(values[i - k + 1 : i + 1])
        out.append(float(window[k // 2]) if odd else (window[k // 2 - 1] + window[k // 2]) / 2)
    return out
