"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): size_s and slide_s are only checked for < 0, so 0 passes as a "positive" int.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""not isinstance(value, int) or value <= 0:""",
        r"""not isinstance(value, int) or value < 0:""",
    ),
]
