"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): a new value between two tuples gets delta = 0, as if its rank were known exactly.
"""
REPLACE = [
    (
        r"""            delta = self._g[i] + self._d[i] - 1
""",
        r"""            delta = 0  # BUG: its rank is uncertain by the successor's g + delta - 1
""",
    ),
]
