"""MUTANT: the selectivity check is closed at 0: a selectivity of 0 (no row ever matches) passes as valid."""
REPLACE = [
    (
        "not (0 < sel <= 1)",
        "not (0 <= sel <= 1)",
    ),
]
