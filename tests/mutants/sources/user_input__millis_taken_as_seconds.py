"""User input is malformed.

MUTANT: every epoch integer is read as seconds: 1789399800000 (milliseconds) lands in the year 58673 and is refused.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        'timedelta(milliseconds=value) if abs(value) >= MILLIS_FROM else timedelta(seconds=value)',
        'timedelta(seconds=value)',
    ),
]
