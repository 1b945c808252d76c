"""BASE: replicas that converge.

MUTANT: compare only looks at the replicas named in a: an entry that only b has is never seen, so {} and {'eu': 1} compare "equal".
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '    b_le_a = all(count <= a.get(r, 0) for r, count in b.items())',
        "    b_le_a = all(b.get(r, 0) <= count for r, count in a.items())  # BUG: b's own entries unchecked",
    ),
]
