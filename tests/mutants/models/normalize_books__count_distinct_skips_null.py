"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: the check counts count(DISTINCT first dependent column) per key: NULL is skipped, so NULL next to 'UK' (and a second dependent column) never counts as a violation.
"""
REPLACE = [
    (
        r"""        WITH pairs AS (SELECT DISTINCT {det}, {dep} FROM r),
             bad AS (SELECT {det} FROM pairs GROUP BY {det} HAVING count(*) > 1)
""",
        r"""        WITH bad AS (SELECT {det} FROM r GROUP BY {det} HAVING count(DISTINCT {quote(dependent[0])}) > 1)
""",
    ),
]
