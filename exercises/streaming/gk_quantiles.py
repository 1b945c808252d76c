"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

The deck's fifth breakout question ends "...and you don't have enough memory to store all
the values". Two heaps store every value, and any exact one-pass median needs memory
linear in n in the worst case, so bounded memory means an approximate answer. The
Greenwald-Khanna (GK) summary is the classic deterministic one: for a chosen eps it
answers any quantile with a value whose rank is within eps*N of the true rank, keeping
O((1/eps) log(eps N)) tuples (v, g, delta) sorted by v. The rank of v_i is at least
rmin_i = g_0 + ... + g_i and at most rmin_i + delta_i. Keep g_i + delta_i <= 2*eps*n for
every tuple and you can always answer; merge neighbours whenever that still holds.

    >>> s = GKSummary(0.1)
    >>> for x in [5, 1, 4, 2, 3]:
    ...     s.insert(x)
    >>> s.query(0.5), s.query(0.0), s.query(1.0)
    (3, 1, 5)
    >>> s.n, len(s)
    (5, 5)

`query(phi)` targets rank r = max(1, ceil(phi * n)) (rank 1 = the smallest, so phi = 0 is
the minimum and phi = 1 the maximum) and must return one of the inserted values whose
rank is within eps*n of r; with duplicates a value covers every rank from
(number of values < v) + 1 to (number of values <= v). `len(s)` is the number of tuples
kept: the tests check len(s) <= (11 / (2*eps)) * log2(2*eps*n) (the paper's bound, from
n >= 1/eps on) at checkpoints along sorted, reversed, zigzag, duplicate-heavy and random
streams of up to 60,000 values, and every answer's rank error, for eps from 0.002 to 0.9.
Bad input raises ValueError: eps not in (0, 1), phi not in [0, 1], a query on an empty
summary ("empty"), inserting NaN ("NaN"). Inserting something that is not a number raises
TypeError("GKSummary.insert expects a number, got str") (None, a list, a bool too), even into
an empty summary, and leaves the summary unchanged.
How does it compare with Apache DataSketches' KLL sketch? Run
`python benchmarks/streaming_quantiles.py --impl exercises` once your summary works.

Run its tests: pytest exercises/streaming/test_gk_quantiles.py   (or: kata check streaming.gk_quantiles)
"""
from __future__ import annotations

import bisect  # noqa: F401
import math  # noqa: F401


class GKSummary:
    """A deterministic eps-approximate quantile summary. (about 60 lines in all)"""

    def __init__(self, eps: float):
        # TODO: eps must be in (0, 1), else ValueError; e.g. GKSummary(0.01) answers within 1% of n
        # TODO: self.n = 0 values seen; the tuples, e.g. three parallel lists self._v, self._g, self._d
        # TODO: compress every int(1 / (2 * eps)) inserts (e.g. every 50 for eps = 0.01)
        raise NotImplementedError("GKSummary.__init__")

    def __len__(self) -> int:
        """How many tuples the summary retains (its memory)."""
        # TODO: the number of tuples, e.g. 5 after inserting 5 values with eps = 0.1
        raise NotImplementedError("GKSummary.__len__")

    def insert(self, x: float) -> None:
        """Add one value from the stream."""
        # TODO: NaN -> ValueError
        # TODO: i = bisect.bisect_right(values, x); a new minimum or maximum gets delta = 0 (its rank
        #       is exact), any other value delta = g[i] + delta[i] - 1 of its successor; insert (x, 1, delta)
        # TODO: n += 1, and every 1/(2 eps) inserts compress
        raise NotImplementedError("GKSummary.insert")

    def _compress(self) -> None:
        """Merge neighbours while g + delta <= 2 eps n still holds. (about 15 lines)"""
        # TODO: limit = floor(2 * eps * n); walk from the right: tuple i joins its right neighbour j
        #       (g[j] += g[i], tuple i dropped) when g[i] + g[j] + delta[j] <= limit
        #       e.g. limit 4: (v=2, g=1, d=0), (v=3, g=2, d=1) -> (v=3, g=3, d=1)
        # TODO: never merge away the first tuple (the exact minimum); the last one only absorbs
        raise NotImplementedError("GKSummary._compress")

    def query(self, phi: float) -> float:
        """An inserted value whose rank is within eps * n of max(1, ceil(phi * n))."""
        # TODO: phi must be in [0, 1]; an empty summary -> ValueError("... empty ...")
        # TODO: r = max(1, ceil(phi * n)); walk the tuples adding up g (rmin); at the first tuple with
        #       rmin + delta > r + eps * n, return the previous tuple's value; none -> the last value
        raise NotImplementedError("GKSummary.query")
