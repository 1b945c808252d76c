"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): windows close as soon as the watermark reaches their end; allowed_lateness_s is ignored.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""        return start + self.size + self.lateness <= self._watermark
""",
        r"""        return start + self.size <= self._watermark
""",
    ),
]
