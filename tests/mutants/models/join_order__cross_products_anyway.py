"""MUTANT: the DP joins any two sub-plans, predicate or not: its plan may hold a cross product that was not allowed."""
REPLACE = [
    (
        "                if c < best and (cross_products or neighbours[left] & right):\n",
        "                if c < best:\n",
    ),
]
