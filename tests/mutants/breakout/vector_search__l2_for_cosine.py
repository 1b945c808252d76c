"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: queries always use array_distance (Euclidean), even for a cosine or ip table.
"""
REPLACE = [
    (
        r"""        self.distance = f"{DISTANCE[metric]}(vec, ?::FLOAT[{self.dim}])"
""",
        r"""        self.distance = f"array_distance(vec, ?::FLOAT[{self.dim}])"
""",
    ),
]
