"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: ids are numbered in sorted key order, not in order of each key's first row (the deck's Banana Press / Guava Press happen to agree).
"""
REPLACE = [
    (
        r"""            SELECT row_number() OVER (ORDER BY first) AS {quote(id_column)}, {det}, {dep}
""",
        r"""            SELECT row_number() OVER (ORDER BY {det}) AS {quote(id_column)}, {det}, {dep}
""",
    ),
]
