"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): compress() is never called, so every value is kept: exact, but memory grows with n.
"""
REPLACE = [
    (
        r"""        self._d.insert(i, delta)
        self.n += 1
        if self.n % self._period == 0:
            self._compress()

    def _compress(self) -> None:
""",
        r"""        self._d.insert(i, delta)
        self.n += 1
        # BUG: "compress later" never comes: the summary keeps every value

    def _compress(self) -> None:
""",
    ),
]
