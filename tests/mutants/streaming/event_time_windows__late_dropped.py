"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): an event for a closed window is dropped silently: no late_events entry, add() says True.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""                acc[0] += 1
                acc[1] += value
        if missed:
            self._late.append({"event_time": event_time, "value": value, "missed": missed})
        return not missed

    def advance_watermark(self, t: float) -> list[dict]:
""",
        r"""                acc[0] += 1
                acc[1] += value
        return True

    def advance_watermark(self, t: float) -> list[dict]:
""",
    ),
]
