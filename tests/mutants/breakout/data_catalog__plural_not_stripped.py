"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: synonyms are looked up for the exact token only, so "makers" never meets the synonym of "maker".

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""    for form in (token, token[:-1] if token.endswith("s") else None, token[:-2] if token.endswith("es") else None):""",
        r"""    for form in (token,):""",
    ),
]
