"""A log-based broker by hand.

MUTANT: the range check is off by one at the bottom: fetch (or commit) at exactly the earliest retained offset raises OffsetOutOfRange.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        'not log.base <= offset <= log.end:',
        'not log.base < offset <= log.end:',
    ),
]
