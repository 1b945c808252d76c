"""The document model: flights with their carrier and plane embedded, read with a schema.

MUTANT: read drops blank lines before numbering them, so an error after a blank line names the wrong line.
"""
REPLACE = [
    (
        r"""        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
""",
        r"""        for number, line in enumerate((x for x in lines if x.strip()), start=1):
""",
    ),
]
