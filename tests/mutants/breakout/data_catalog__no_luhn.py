"""A semantic data catalog: find columns by meaning, tag personal data by its values.

MUTANT: card numbers by length alone, without the Luhn check.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
REPLACE = [
    (
        r"""        # 13-19 digits AND the Luhn check: an order id of 16 random digits passes 1 time in 10,
        # a real card number always does.
        if 13 <= digits <= 19 and luhn_valid(text):
            return "card_number"
    if EMAIL.match(text):
""",
        r"""        # 13-19 digits AND the Luhn check: an order id of 16 random digits passes 1 time in 10,
        # a real card number always does.
        if 13 <= digits <= 19:  # BUG: no Luhn check: every 16-digit order id is a card
            return "card_number"
    if EMAIL.match(text):
""",
    ),
]
