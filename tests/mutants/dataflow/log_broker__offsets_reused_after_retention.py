"""A log-based broker by hand.

MUTANT: dropping an event does not move the base offset: offsets restart after retention, so new events reuse the offsets of dropped ones and the earliest offset never moves.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        '        self.base += 1  # offsets are never reused: the next one stays base + len(events)\n',
        '',
    ),
]
