"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): compress() is never called, so every value is kept: exact, but memory grows with n.
"""
REPLACE = [
    (
        r"""        if self.n % self._period == 0:
            self._compress()
""",
        r"""        # BUG: "compress later" never comes: the summary keeps every value
""",
    ),
]
