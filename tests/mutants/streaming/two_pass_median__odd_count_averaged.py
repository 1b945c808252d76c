"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): the two middle ranks are always averaged, also for an odd count, so (x + x) / 2 overflows to inf for x near the float64 limit.
See exercises/streaming/two_pass_median.py for the statement.
"""
REPLACE = [
    (
        r"""        return low if n % 2 else (low + high) / 2
""",
        r"""        return (low + high) / 2
""",
    ),
]
