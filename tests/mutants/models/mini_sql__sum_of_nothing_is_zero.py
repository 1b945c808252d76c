"""MUTANT: sum over no values (no rows, or only NULLs) is 0, as Python's sum([]) gives, instead of NULL."""
REPLACE = [
    (
        "    if not present:\n        return None\n",
        "    if not present:\n        return 0 if fn == \"sum\" else None\n",
    ),
]
