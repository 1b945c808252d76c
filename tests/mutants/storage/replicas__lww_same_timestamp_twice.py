"""BASE: replicas that converge.

MUTANT: LWWReplica.put accepts a timestamp equal to the replica's last one: two writes with one stamp, the second silently lost.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        'timestamp <= self.last_timestamp:',
        'timestamp < self.last_timestamp:  # BUG: equal timestamps allowed',
    ),
]
