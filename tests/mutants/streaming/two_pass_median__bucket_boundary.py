"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): finds the median's bucket with side="left", so a rank that is the
last value of a bucket is looked for in the bucket before it.
"""
REPLACE = [
    (
        r"""        b_low = int(np.searchsorted(cum, low_rank - below, side="right"))
        b_high = int(np.searchsorted(cum, high_rank - below, side="right"))
""",
        r"""        b_low = int(np.searchsorted(cum, low_rank - below, side="left"))  # BUG: off by one at a boundary
        b_high = int(np.searchsorted(cum, high_rank - below, side="left"))
""",
    ),
]
