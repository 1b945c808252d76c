"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): an event for a closed window is dropped silently: no late_events entry, add() says True.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""        if missed:
            self._late.append({"event_time": event_time, "value": value, "missed": missed})
        return not missed
""",
        r"""        return True
""",
    ),
]
