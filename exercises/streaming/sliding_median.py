"""Sliding-window median: the median of the last k values, updated as each value arrives.

The chapter's dynamic features are computed by stream processing over recent events:
"the median price of the last 10 rides in this area". Re-sorting the window on every
ride costs O(k log k) per value. Update it instead: one value enters and one leaves.
Keep the running-median kata's two heaps (the smaller half in a max-heap, the larger
half in a min-heap), and delete lazily: a heap cannot remove a value from its middle,
so count the value that left in a `dead` Counter and pop it only when it reaches a
heap top. The sizes that matter are the *live* ones, so track how each step changes
them. O(log k) per value.

    >>> sliding_median([1, 3, -1, -3, 5, 3, 6, 7], 3)
    [1.0, -1.0, -1.0, 3.0, 5.0, 6.0]
    >>> sliding_median([4, 2, 8, 6], 2)
    [3.0, 5.0, 7.0]
    >>> sliding_median([1, 2], 3)
    []

One float per *full* window: len(values) - k + 1 of them (none when there are fewer than
k values). An even k gives the mean of the two middle values, as `statistics.median` does.
Budget (hidden tests): at k = 1,000 over 2,000 values, at least 10x faster than sorting
every window. (A window kept sorted with `bisect.insort` and deleted from with
`bisect_left` also meets it: its O(k) memory shift is fast in C at this size.)
Bad input: k <= 0 (or not an int) raises ValueError("k must be a positive int..."); a NaN
among the values raises ValueError("NaN ...").
values must be a sequence (a list, a tuple, a numpy array) of numbers, else TypeError naming the type:
"sliding_median expects values as a sequence of numbers, got str" (a str, None, an int),
"... got an item of type str" (bools are not numbers either). No values give [].

Run its tests: pytest exercises/streaming/test_sliding_median.py   (or: kata check streaming.sliding_median)
"""
from __future__ import annotations

import heapq  # noqa: F401  (heapq is a min-heap: store -x for a max-heap)
import math  # noqa: F401
from collections import Counter  # noqa: F401
from typing import Sequence


def sliding_median(values: Sequence[float], k: int) -> list[float]:
    """The median of every full window of `k` consecutive values, in stream order.

    (about 40 lines)
    """
    # TODO: validate: k a positive int, no NaN (math.isnan) -> ValueError; fewer than k values -> []
    # TODO: first window: sort it once, the lower ceil(k/2) negated into `low`, the rest into `high`,
    #       heapify both. e.g. k = 3, [1, 3, -1] -> low holds 1 and -1 (stored negated), high = [3]
    # TODO: for each next value: dead[leaving] += 1, and note which heap's live size it lowers
    #       (leaving <= low top -> low). e.g. leaving 1 from low = {1, -1}: low's live size drops
    # TODO: push the entering value (entering <= low top -> low, else high); if the step left one
    #       heap two live values heavier, move its top across
    # TODO: pop dead values from both tops (while dead[top]: pop, dead[top] -= 1)
    # TODO: append the median: the low top for odd k, (low top + high top) / 2 for even k
    # TODO (good practice, not graded): dead values that never reach a top pile up (a rising
    #       stream buries them in low); if the heaps hold more than 2k entries, rebuild from the window
    raise NotImplementedError("sliding_median")
