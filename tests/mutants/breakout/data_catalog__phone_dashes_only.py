"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: a phone pattern that knows 212-555-0100 and (212) 555-0100 only.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""# North American numbers: an optional +1, the area code and the exchange start with 2-9
# (so epoch seconds such as 1700000000 are not phones), any of ' ', '.', '-' between groups.
NANP = re.compile(r"^(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[\s.-]?[2-9]\d{2}[\s.-]?\d{4}$")
INTERNATIONAL = re.compile(r"^\+\d[\d\s().-]*\d$")
CARD = re.compile(r"^\d[\d -]*\d$")
""",
        r"""# North American numbers: an optional +1, the area code and the exchange start with 2-9
# (so epoch seconds such as 1700000000 are not phones), any of ' ', '.', '-' between groups.
NANP = re.compile(r"^\(?\d{3}\)?[ -]?\d{3}-\d{4}$")  # BUG: only 212-555-0100 and (212) 555-0100
INTERNATIONAL = re.compile(r"^\+\d[\d\s().-]*\d$")
CARD = re.compile(r"^\d[\d -]*\d$")
""",
    ),
    (
        r"""    if EMAIL.match(text):
        return "email"
    if NANP.match(text) or (INTERNATIONAL.match(text) and 8 <= sum(ch.isdigit() for ch in text) <= 15):
        return "phone"
    if ADDRESS.match(text):
""",
        r"""    if EMAIL.match(text):
        return "email"
    if NANP.match(text):
        return "phone"
    if ADDRESS.match(text):
""",
    ),
]
