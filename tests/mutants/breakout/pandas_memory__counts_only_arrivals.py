"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): counts only the flights that have an arr_delay (count() for
size()): cancelled flights vanish.
"""
REPLACE = [
    (
        r"""                "flights": delays.size(),  # every row, with or without arr_delay
""",
        r"""                "flights": delays.count(),  # BUG: only rows with arr_delay: cancelled flights vanish
""",
    ),
]
