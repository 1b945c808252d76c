"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: the main table finds its id with `=` on the key: NULL = NULL is not true, so every row whose key is NULL falls out of the main table and the join.
"""
REPLACE = [
    (
        r"""            FROM r JOIN {quote(lookup)} l ON {same_key("r", "l", self.determinant)}
""",
        r"""            FROM r JOIN {quote(lookup)} l ON {" AND ".join(f"r.{quote(c)} = l.{quote(c)}" for c in self.determinant)}
""",
    ),
]
