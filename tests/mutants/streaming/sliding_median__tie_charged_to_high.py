"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

MUTANT (must fail the hidden tests): a leaving value equal to the low top is charged to the high heap,
so with duplicates the live sizes drift and the median is read from the wrong place.
"""
REPLACE = [
    (
        r"""        balance = -1 if leaving <= -low[0] else 1
""",
        r"""        balance = -1 if leaving < -low[0] else 1  # BUG: a tie belongs to low
""",
    ),
]
