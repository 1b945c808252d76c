"""BASE: replicas that converge.

MUTANT: VVReplica.merge only drops incoming siblings that a held one has seen, never the held ones that an incoming one has seen: overwritten values stay as siblings.
See exercises/storage/replicas.py for the statement.
"""
REPLACE = [
    (
        '            self.siblings[key] = [\n                (value, vv) for value, vv in candidates\n                if not any(compare(vv, other) == "before" for _, other in candidates)\n            ]\n',
        '            held = len(self.siblings.get(key, []))\n            self.siblings[key] = [\n                (value, vv) for k, (value, vv) in enumerate(candidates)\n                if k < held or not any(compare(vv, other) == "before" for _, other in candidates)  # BUG: held kept\n            ]\n',
    ),
]
