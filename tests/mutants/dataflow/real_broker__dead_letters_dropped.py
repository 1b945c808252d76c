"""A real broker: consumer groups.

MUTANT: a malformed entry is acked and marked processed but never written to the dead-letter stream: the bad data disappears without a trace.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '                    pipe.xadd(dead_letter_stream(stream), {"entry_id": entry_id, "reason": reason})\n',
        '                    pass  # BUG: dropped\n',
    ),
]
