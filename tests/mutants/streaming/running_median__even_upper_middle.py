"""Running median, exact: two heaps, O(log n) per value.

MUTANT (must fail the hidden tests): an even count returns the upper middle value instead of the mean of the two.
"""
REPLACE = [
    (
        r"""        return (-self._low[0] + self._high[0]) / 2
""",
        r"""        return float(self._high[0])  # BUG: the upper middle, not the mean
""",
    ),
]
