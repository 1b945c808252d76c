"""MUTANT: two-valued NOT: NOT unknown becomes true, so NOT (tip > 3) keeps the rows whose tip is NULL."""
REPLACE = [
    (
        "            return None if value is None else not value\n",
        "            return not value\n",
    ),
]
