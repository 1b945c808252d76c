"""BASE: replicas that converge.

MUTANT: VVReplica.put bumps its own count but drops the other replicas' entries of the siblings it overwrites: the new write does not dominate what it has seen, so old siblings come back.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '        for _, seen in self.siblings.get(key, []):\n            for r, count in seen.items():\n                vv[r] = max(vv.get(r, 0), count)\n',
        '        for _, seen in self.siblings.get(key, []):\n            vv[self.replica_id] = max(vv.get(self.replica_id, 0), seen.get(self.replica_id, 0))  # BUG: only its own entry\n',
    ),
]
