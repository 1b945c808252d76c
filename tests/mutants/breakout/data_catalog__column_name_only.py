"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: embeds the table and column names only; the descriptions are stored but never embedded.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""    return f"{entry['table']} {entry['column'].replace('_', ' ')} {entry['description']}"
""",
        r"""    return f"{entry['table']} {entry['column'].replace('_', ' ')}"  # BUG: the description is never embedded
""",
    ),
]
