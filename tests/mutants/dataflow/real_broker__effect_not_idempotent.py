"""A real broker: consumer groups.

MUTANT: the consumer never looks at the processed set: an entry redelivered after a crash between its effect and its XACK is applied a second time (the fare counted twice).
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '                if pipe.sismember(done, entry_id):\n',
        '                if False:  # BUG: at-least-once delivery, at-least-once effect\n',
    ),
]
