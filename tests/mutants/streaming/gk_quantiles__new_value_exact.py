"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): a new value between two tuples gets delta = 0, as if its rank were known exactly.
"""
REPLACE = [
    (
        r"""        else:
            # Its rank lies between the neighbours' bounds: rmax(new) = rmax(successor).
            delta = self._g[i] + self._d[i] - 1
        self._v.insert(i, x)
        self._g.insert(i, 1)
""",
        r"""        else:
            # Its rank lies between the neighbours' bounds: rmax(new) = rmax(successor).
            delta = 0  # BUG: its rank is uncertain by the successor's g + delta - 1
        self._v.insert(i, x)
        self._g.insert(i, 1)
""",
    ),
]
