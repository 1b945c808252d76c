"""The graph model in recursive SQL.

MUTANT: k = 0 and min_size = 0 are accepted (the check is value < 0): friends_of_friends(..., k=0) returns the person.
"""
REPLACE = [
    (
        r"""    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
""",
        r"""    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
""",
    ),
]
