"""Mutant of breakout.feature_freshness: runs a batch job as often as the SLA (period <= SLA), forgetting the job's own runtime."""
REPLACE = [
    (
        r"""    fits = [p for p in workload["periods_s"] if runtime + p <= feature["sla_s"]]
""",
        r"""    fits = [p for p in workload["periods_s"] if p <= feature["sla_s"]]
""",
    ),
]
