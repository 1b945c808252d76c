"""User input is malformed.

MUTANT: the integer ranges are read as half-open: 5 stars and age 120 are out of range.
See exercises/sources/user_input.py for the statement.
"""
REPLACE = [
    (
        '    if not low <= value <= high:\n        raise Invalid(name, "out_of_range", f"{name}: must be {low} to {high}, got {value}")',
        '    if not low <= value < high:\n        raise Invalid(name, "out_of_range", f"{name}: must be {low} to {high}, got {value}")',
    ),
]
