"""BASE: replicas that converge.

MUTANT: VVReplica.merge does not recognise a write it already holds: a duplicated message adds the same value again as a sibling.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '                if not any(compare(vv, seen) == "equal" for _, seen in candidates):\n                    candidates.append((value, dict(vv)))\n',
        '                candidates.append((value, dict(vv)))  # BUG: duplicates kept\n',
    ),
]
