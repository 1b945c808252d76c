"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): counts only the flights that have an arr_delay (count() for
size()): cancelled flights vanish.
"""
REPLACE = [
    (
        r"""            delays = chunk.groupby(KEYS)["arr_delay"]
            parts.append(pd.DataFrame({
                "flights": delays.size(),  # every row, with or without arr_delay
                "delay_sum": delays.sum(),
                "delay_count": delays.count(),  # only rows that have arr_delay
""",
        r"""            delays = chunk.groupby(KEYS)["arr_delay"]
            parts.append(pd.DataFrame({
                "flights": delays.count(),  # BUG: only rows with arr_delay: cancelled flights vanish
                "delay_sum": delays.sum(),
                "delay_count": delays.count(),  # only rows that have arr_delay
""",
    ),
]
