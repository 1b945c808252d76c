"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: the SQL joins planes with an inner JOIN: flights with no known plane vanish, and so does a carrier none of whose planes is known (it should map to None).
"""
REPLACE = [
    (
        r"""            LEFT JOIN planes p ON p.tailnum = f.tailnum
""",
        r"""            JOIN planes p ON p.tailnum = f.tailnum
""",
    ),
]
