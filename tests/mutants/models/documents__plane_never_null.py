"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: the schema says the plane is an object: every flight whose plane is unknown fails to read.
"""
REPLACE = [
    (
        r"""            "type": ["object", "null"],
""",
        r"""            "type": "object",
""",
    ),
]
