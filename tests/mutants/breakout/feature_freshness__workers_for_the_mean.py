"""Mutant of breakout.feature_freshness: sizes stream workers for the mean rate, not the peak, so a burst piles up."""
REPLACE = [
    (
        r"""    peak = source["peak_per_s"][feature["sla"]]
""",
        r"""    peak = source["mean_per_s"]  # enough workers for the average traffic
""",
    ),
]
