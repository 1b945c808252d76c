"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: the error message always says "keys", even for one key ("does not hold for 1 keys: ...").
"""
REPLACE = [
    (
        r"""f"{len(found)} key{'s' if len(found) != 1 else ''}: {keys}")""",
        r"""f"{len(found)} keys: {keys}")""",
    ),
]
