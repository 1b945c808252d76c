"""MUTANT: no optimizer: the relations are joined left-deep in the order they were given."""
REPLACE = [
    (
        "    return build(full), cost[full]\n",
        "    naive = left_deep(names)\n    return naive, plan_cost(naive, cardinalities, selectivities, cross_products=True)\n",
    ),
]
