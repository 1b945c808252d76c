"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: queries always use array_distance (Euclidean), even for a cosine or ip table.
"""
REPLACE = [
    (
        r"""        # the same function as the index's metric, the column as is, and a constant of
        # exactly the column's type (FLOAT[d]; a DOUBLE[d] would cast the column instead).
        self.distance = f"{DISTANCE[metric]}(vec, ?::FLOAT[{self.dim}])"

    # -- input checks --------------------------------------------------------------------
""",
        r"""        # the same function as the index's metric, the column as is, and a constant of
        # exactly the column's type (FLOAT[d]; a DOUBLE[d] would cast the column instead).
        self.distance = f"array_distance(vec, ?::FLOAT[{self.dim}])"

    # -- input checks --------------------------------------------------------------------
""",
    ),
]
