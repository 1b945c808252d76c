"""A real broker: consumer groups.

MUTANT: the consumer acks each batch as soon as it has read it, before doing the work and the effect: a consumer killed mid-batch leaves nothing pending, and the rest of its batch is never applied.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '            for entry_id, fields in entries:\n                if process_ms:',
        '            if entries:  # BUG: acked before the effect\n                r.xack(stream, group, *[entry_id for entry_id, _ in entries])\n            for entry_id, fields in entries:\n                if process_ms:',
    ),
]
