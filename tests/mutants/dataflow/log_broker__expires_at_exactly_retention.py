"""A log-based broker by hand.

MUTANT: an event exactly retention_s old is dropped (>= instead of >): the retention boundary is off by one.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        'now - p.events[0].ts > self.retention_s:',
        'now - p.events[0].ts >= self.retention_s:',
    ),
]
