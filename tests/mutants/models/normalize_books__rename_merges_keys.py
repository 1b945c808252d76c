"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: rename does not check the new key against the keys that stay: two lookup rows end up with one key.
"""
REPLACE = [
    (
        r"""            if clash is not None:
""",
        r"""            if False:
""",
    ),
]
