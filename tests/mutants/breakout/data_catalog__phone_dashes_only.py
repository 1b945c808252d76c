"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: a phone pattern that knows 212-555-0100 and (212) 555-0100 only.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""NANP = re.compile(r"^(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[\s.-]?[2-9]\d{2}[\s.-]?\d{4}$")
""",
        r"""NANP = re.compile(r"^\(?\d{3}\)?[ -]?\d{3}-\d{4}$")  # BUG: only 212-555-0100 and (212) 555-0100
""",
    ),
    (
        r"""    if NANP.match(text) or (INTERNATIONAL.match(text) and 8 <= sum(ch.isdigit() for ch in text) <= 15):
""",
        r"""    if NANP.match(text):
""",
    ),
]
