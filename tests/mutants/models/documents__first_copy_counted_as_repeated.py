"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: every embedded carrier counts as repeated, the first copy of each code too.
"""
REPLACE = [
    (
        r"""        if code in seen_carriers:
""",
        r"""        if True:
""",
    ),
]
