"""Mutant of breakout.feature_freshness: runs a batch job as often as the SLA (period <= SLA), forgetting the job's own runtime."""
REPLACE = [
    (
        r"""    costs, horizon = workload["costs"], workload["horizon_s"]
    runtime = costs["batch_startup_s"] + feature["batch_rows"] / costs["scan_rows_per_s"]
    fits = [p for p in workload["periods_s"] if runtime + p <= feature["sla_s"]]
    if not fits:
        return None
""",
        r"""    costs, horizon = workload["costs"], workload["horizon_s"]
    runtime = costs["batch_startup_s"] + feature["batch_rows"] / costs["scan_rows_per_s"]
    fits = [p for p in workload["periods_s"] if p <= feature["sla_s"]]
    if not fits:
        return None
""",
    ),
]
