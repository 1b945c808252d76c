"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): a late event is added to its closed window, which is created again and emitted a second time.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""        for start in range(last - self.size + self.slide, last + 1, self.slide):
            if self._closed(start):
                # Never reopen a window that was already emitted (or closed empty): report it.
                missed.append((start, start + self.size))
                continue
            acc = self._open.get(start)
            if acc is None:
""",
        r"""        for start in range(last - self.size + self.slide, last + 1, self.slide):
            if self._closed(start):
                missed.append((start, start + self.size))
            acc = self._open.get(start)
            if acc is None:
""",
    ),
]
