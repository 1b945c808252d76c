"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): allowed_lateness_s is only checked for >= 0, so math.inf (a window that never closes) is accepted.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""not 0 <= allowed_lateness_s < math.inf:""",
        r"""not 0 <= allowed_lateness_s:""",
    ),
]
