"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: a broken dependency is silently merged: each key keeps the dependent values of its first row, no error.
"""
REPLACE = [
    (
        r"""        if found:
""",
        r"""        if False:  # keep the first row's country
""",
    ),
    (
        r"""            FROM (SELECT {det}, {dep}, min({ROW}) AS first FROM r GROUP BY {det}, {dep})
""",
        r"""            FROM (SELECT {det}, {", ".join(f"arg_min({quote(c)}, {ROW}) AS {quote(c)}" for c in self.dependent)},
                         min({ROW}) AS first FROM r GROUP BY {det})
""",
    ),
]
