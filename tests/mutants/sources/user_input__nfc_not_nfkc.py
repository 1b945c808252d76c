"""User input is malformed.

MUTANT: NFC instead of NFKC: full-width digits '１２' stay full-width, so they are not numbers, and full-width letters are not Latin.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        'return unicodedata.normalize("NFKC", value)',
        'return unicodedata.normalize("NFC", value)',
    ),
]
