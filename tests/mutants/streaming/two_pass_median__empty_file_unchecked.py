"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): an empty file is not checked, so it fails later with a misleading "contains NaN" instead of "empty".
See exercises/streaming/two_pass_median.py for the statement.
"""
REPLACE = [
    (
        r"""    if size == 0:
        raise ValueError(f"{path} is empty: an empty file has no median")
""",
        r"""""",
    ),
]
