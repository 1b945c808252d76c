"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): windows include their end, [start, end]: an event at a boundary counts in two tumbling windows.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""        last = int(event_time // self.slide) * self.slide
        missed = []
        for start in range(last - self.size + self.slide, last + 1, self.slide):
            if self._closed(start):
""",
        r"""        last = int(event_time // self.slide) * self.slide
        first = math.ceil((event_time - self.size) / self.slide) * self.slide  # start >= t - size
        missed = []
        for start in range(first, last + 1, self.slide):
            if self._closed(start):
""",
    ),
]
