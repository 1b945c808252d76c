"""MUTANT: explains the query with the optimizer off: the plan as written, the FILTER above the HASH_JOIN (no pushdown)."""
REPLACE = [
    (
        """        a, b = tables
""",
        """        a, b = tables
        con.execute("PRAGMA disable_optimizer")
""",
    ),
]
