"""A real broker: consumer groups.

MUTANT: the consumer only reads new entries (XREADGROUP '>') and never claims the entries a dead consumer left pending: they are never applied, and the group never drains.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        '            _, entries, _ = r.xautoclaim(stream, group, consumer, min_idle_ms, start_id="0-0", count=batch)\n',
        '            entries = []  # BUG: no XAUTOCLAIM\n',
    ),
]
