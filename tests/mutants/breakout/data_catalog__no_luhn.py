"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: card numbers by length alone, without the Luhn check.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""        if 13 <= digits <= 19 and luhn_valid(text):
""",
        r"""        if 13 <= digits <= 19:  # BUG: no Luhn check: every 16-digit order id is a card
""",
    ),
]
