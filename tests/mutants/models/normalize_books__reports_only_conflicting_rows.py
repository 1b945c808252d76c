"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

MUTANT: a violation lists only the rows where a new value appeared, not every row of the key.
"""
REPLACE = [
    (
        r"""        if values not in entry["values"]:
            entry["values"].append(values)
        entry["rows"].append(row[0])
""",
        r"""        if values not in entry["values"]:
            entry["values"].append(values)
            entry["rows"].append(row[0])
""",
    ),
]
