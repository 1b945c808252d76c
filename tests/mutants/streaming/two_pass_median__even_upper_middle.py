"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): for an even count it returns the upper of the two middle values
when they share a range.
"""
REPLACE = [
    (
        r"""            kth = [low_rank - before, high_rank - before]
            kept.partition(kth)
            return middle(float(kept[kth[0]]), float(kept[kth[1]])), passes + 1
        # Too many: histogram the range again, 65,536 times finer. Each refinement divides
        # the width by 2**16, so after four passes the width is one key.
""",
        r"""            kth = [low_rank - before, high_rank - before]
            kept.partition(kth)
            return float(kept[kth[1]]), passes + 1  # BUG: not the mean of the two middles
        # Too many: histogram the range again, 65,536 times finer. Each refinement divides
        # the width by 2**16, so after four passes the width is one key.
""",
    ),
]
