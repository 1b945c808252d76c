"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): averages the per-chunk means: a group split 45,000 / 5,000 rows
across two chunks weighs both alike.
"""
REPLACE = [
    (
        r"""    mean = totals["delay_sum"] / totals["delay_count"].where(totals["delay_count"] > 0)
""",
        r"""    # BUG: the mean of the chunk means, not sum / count
    chunk_means = pd.concat([p["delay_sum"] / p["delay_count"].where(p["delay_count"] > 0) for p in parts])
    mean = chunk_means.groupby(level=KEYS).mean()
""",
    ),
]
