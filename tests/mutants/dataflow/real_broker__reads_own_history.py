"""A real broker: consumer groups.

MUTANT: the consumer reads with id '0' instead of '>': that asks for its own pending history, never for new entries, so it processes nothing new.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '{stream: ">"}, count=batch, block=block_ms)',
        '{stream: "0"}, count=batch, block=block_ms)',
    ),
]
