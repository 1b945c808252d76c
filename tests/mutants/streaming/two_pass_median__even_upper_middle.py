"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): for an even count it returns the upper of the two middle values
when they share a range.
"""
REPLACE = [
    (
        r"""            return middle(float(kept[kth[0]]), float(kept[kth[1]])), passes + 1
""",
        r"""            return float(kept[kth[1]]), passes + 1  # BUG: not the mean of the two middles
""",
    ),
]
