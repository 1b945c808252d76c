"""Running median, exact: two heaps, O(log n) per value.

MUTANT (must fail the hidden tests): the rebalance lets either heap be one larger, so an odd
count can leave the median on the high heap while median() reads the low one.
"""
REPLACE = [
    (
        r"""        elif len(high) > len(low):
""",
        r"""        elif len(high) > len(low) + 1:  # BUG: high may now hold the extra value
""",
    ),
]
