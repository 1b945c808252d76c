"""BASE: replicas that converge.

MUTANT: LWW merge compares timestamps only: on a tie the entry that arrived first stays, so replicas that heard the writes in different orders never converge.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '            if mine is None or (timestamp, replica) > (mine[1], mine[2]):',
        '            if mine is None or timestamp > mine[1]:  # BUG: no tie-break on the replica id',
    ),
]
