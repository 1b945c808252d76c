"""A real broker: consumer groups.

MUTANT: create_group starts the group at '$' (only entries added after it): rides published before the group was created are never delivered.
See exercises/dataflow/real_broker.py for the statement.
"""
REPLACE = [
    (
        'r.xgroup_create(stream, group, id="0", mkstream=True)',
        'r.xgroup_create(stream, group, id="$", mkstream=True)',
    ),
]
