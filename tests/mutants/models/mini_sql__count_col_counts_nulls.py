"""MUTANT: count(col) counts rows, NULLs included, as count(*) does."""
REPLACE = [
    (
        "    if fn == \"count\":\n        return len(present)\n",
        "    if fn == \"count\":\n        return len(values)\n",
    ),
]
