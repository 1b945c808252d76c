"""MUTANT: an aggregate without GROUP BY over no rows returns no row at all instead of one row (count 0, sum NULL)."""
REPLACE = [
    (
        "            groups[()] = []  # an aggregate without GROUP BY answers with one row, even over nothing\n",
        "            pass\n",
    ),
]
