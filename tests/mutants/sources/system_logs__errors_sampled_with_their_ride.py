"""System logs under a budget.

MUTANT: samples by ride before it looks at the level: the ERRORs and WARNs of a sampled-out ride are dropped with it.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '        if record["level"] in ALWAYS_KEPT:\n            always.append(record)\n        elif record["ride"] is not None:\n',
        '        if record["ride"] is not None:\n            by_ride.setdefault(record["ride"], []).append((record, size))\n        elif record["level"] in ALWAYS_KEPT:\n            always.append(record)\n        elif False:\n',
    ),
]
