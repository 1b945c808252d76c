"""BASE: replicas that converge.

MUTANT: LWWReplica.put stores the local write unconditionally, even when the replica already holds a larger stamp from a replica whose clock runs ahead.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        "        # A local write can still lose: a stamp from another replica's faster clock stays.\n        self._fold(message)\n",
        '        self.entries[key] = (value, timestamp, self.replica_id)  # BUG: the local write always wins\n',
    ),
]
