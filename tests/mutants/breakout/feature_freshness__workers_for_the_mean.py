"""Mutant of breakout.feature_freshness: sizes stream workers for the mean rate, not the peak, so a burst piles up."""
REPLACE = [
    (
        r"""        return None
    source = workload["sources"][feature["source"]]
    peak = source["peak_per_s"][feature["sla"]]
    workers = max(1, math.ceil(peak / feature["worker_events_per_s"] - 1e-9))
    if workers > workload["max_workers"]:
""",
        r"""        return None
    source = workload["sources"][feature["source"]]
    peak = source["mean_per_s"]  # enough workers for the average traffic
    workers = max(1, math.ceil(peak / feature["worker_events_per_s"] - 1e-9))
    if workers > workload["max_workers"]:
""",
    ),
]
