"""A log-based broker by hand.

MUTANT: a rebalance hands each partition over at the previous owner's last polled position instead of the group's committed offset: events a crashed consumer polled but never committed are lost.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        '        group.owner, group.position = {}, {}\n',
        '        group.owner, polled, group.position = {}, group.position, {}\n',
    ),
    (
        '            group.position[p] = group.committed.get(p, 0)\n',
        '            group.position[p] = polled.get(p, group.committed.get(p, 0))  # BUG: not from the commit\n',
    ),
]
