"""Windows in event time: tumbling and sliding aggregates with a watermark and late events.

MUTANT (must fail the hidden tests): a late event is added to its closed window, which is created again and emitted a second time.
See exercises/streaming/event_time_windows.py for the statement.
"""
REPLACE = [
    (
        r"""                # Never reopen a window that was already emitted (or closed empty): report it.
""",
        r"""""",
    ),
    (
        r"""                continue
""",
        r"""""",
    ),
]
