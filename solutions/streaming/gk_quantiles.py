"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

Reference solution. See exercises/streaming/gk_quantiles.py for the statement.
"""
from __future__ import annotations

import bisect
import math
import numbers


class GKSummary:
    """A deterministic epsilon-approximate quantile summary (Greenwald & Khanna, 2001).

    The summary keeps tuples (v_i, g_i, delta_i) sorted by value, in three parallel lists:
    the rank of v_i is at least rmin_i = g_0 + ... + g_i and at most rmax_i = rmin_i + delta_i.
    Invariant: g_i + delta_i <= 2 * eps * n for every tuple, which is what lets `query`
    find a tuple within eps * n of any rank. The first and last tuples are the exact
    minimum and maximum (g = 1 and delta = 0 for the first, delta = 0 for the last).
    """

    def __init__(self, eps: float):
        if not isinstance(eps, (int, float)) or not 0 < eps < 1:
            raise ValueError(f"eps must be a number in (0, 1), got {eps!r}")
        self.eps = float(eps)
        self.n = 0
        self._v: list[float] = []
        self._g: list[int] = []
        self._d: list[int] = []
        # Compressing every 1/(2 eps) inserts keeps the summary within the paper's bound.
        self._period = max(1, int(1 / (2 * self.eps)))

    def __len__(self) -> int:
        """How many tuples the summary retains (its memory)."""
        return len(self._v)

    def insert(self, x: float) -> None:
        """Add one value from the stream."""
        if type(x) is not float and type(x) is not int and (isinstance(x, bool) or not isinstance(x, numbers.Real)):
            # Into an empty summary a str would go in silently and break every later compare.
            raise TypeError(f"GKSummary.insert expects a number, got {type(x).__name__}")
        if isinstance(x, float) and math.isnan(x):
            raise ValueError("NaN has no rank: cannot insert NaN into a quantile summary")
        i = bisect.bisect_right(self._v, x)
        if i == 0 or i == len(self._v):
            delta = 0  # a new minimum or maximum: its rank is known exactly
        else:
            # Its rank lies between the neighbours' bounds: rmax(new) = rmax(successor).
            delta = self._g[i] + self._d[i] - 1
        self._v.insert(i, x)
        self._g.insert(i, 1)
        self._d.insert(i, delta)
        self.n += 1
        if self.n % self._period == 0:
            self._compress()

    def _compress(self) -> None:
        """Merge each tuple into its right neighbour while the invariant still holds."""
        if len(self._v) < 3:
            return
        limit = math.floor(2 * self.eps * self.n)
        v, g, d = self._v, self._g, self._d
        # Right to left, so a run of small tuples can be absorbed by one survivor.
        # The first tuple (the exact minimum) is never merged away.
        keep_v, keep_g, keep_d = [v[-1]], [g[-1]], [d[-1]]
        for i in range(len(v) - 2, 0, -1):
            if g[i] + keep_g[-1] + keep_d[-1] <= limit:
                keep_g[-1] += g[i]
            else:
                keep_v.append(v[i])
                keep_g.append(g[i])
                keep_d.append(d[i])
        keep_v.append(v[0])
        keep_g.append(g[0])
        keep_d.append(d[0])
        keep_v.reverse()
        keep_g.reverse()
        keep_d.reverse()
        self._v, self._g, self._d = keep_v, keep_g, keep_d

    def query(self, phi: float) -> float:
        """A stream value whose rank is within eps * n of ceil(phi * n) (rank 1 = the minimum)."""
        if not isinstance(phi, (int, float)) or not 0 <= phi <= 1:
            raise ValueError(f"phi must be a number in [0, 1], got {phi!r}")
        if self.n == 0:
            raise ValueError("quantile of an empty summary: insert values first")
        rank = max(1, math.ceil(phi * self.n))
        slack = self.eps * self.n
        # The first tuple whose rmax overshoots rank + slack: its predecessor is close enough,
        # because rmin(prev) = rmax(this) - g - delta > rank + slack - 2 eps n = rank - slack.
        rmin = 0
        for i, (g, d) in enumerate(zip(self._g, self._d)):
            rmin += g
            if rmin + d > rank + slack:
                return self._v[i - 1]
        return self._v[-1]
