"""User input is malformed.

MUTANT: isinstance(value, int) for integers: True is accepted as user 1, False as 0 stars.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '    elif type(value) is not int:  # bool is a subclass of int: True is not a user id\n',
        '    elif not isinstance(value, int):\n',
    ),
]
