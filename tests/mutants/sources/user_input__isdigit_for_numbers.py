"""User input is malformed.

MUTANT: str.isdigit() decides what a number is: '٤' (Arabic-Indic four) is read as 4, and int() fails on digits like '᧚' that isdigit accepts.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '        if not ASCII_DIGITS.fullmatch(text):\n',
        '        if not text.isdigit():\n',
    ),
]
