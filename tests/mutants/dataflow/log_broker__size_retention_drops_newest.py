"""A log-based broker by hand.

MUTANT: over retention_bytes, produce drops the newest events instead of the oldest: the log keeps stale data and loses what was just written.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        '        while self.retention_bytes is not None and log.bytes > self.retention_bytes:\n            log.drop_oldest()\n',
        '        while self.retention_bytes is not None and log.bytes > self.retention_bytes:\n            log.bytes -= len(log.events.pop().value)  # BUG: the newest goes\n',
    ),
]
