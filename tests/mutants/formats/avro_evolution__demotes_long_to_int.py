"""Avro schema evolution: can data written with one schema be read with another, and how.

MUTANT: long may be read as int (and so passes values through a demotion).

Two walks over the schema pair share one notion of "match" (the spec's shallow test that
picks a reader union branch): `_check` answers for every datum the writer could produce
(all union branches, all enum symbols), `_resolve` follows one datum.
"""
REPLACE = [
    (
        r"""    "long": ("float", "double"),
""",
        r"""    "long": ("int", "float", "double"),  # BUG: int is narrower than long
""",
    ),
]
