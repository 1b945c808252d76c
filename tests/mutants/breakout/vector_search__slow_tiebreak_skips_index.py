"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: ann_topk sorts by (distance, id) like exact_topk: the planner cannot use the HNSW index and scans every row.
"""
REPLACE = [
    (
        r"""        # key that is the index's distance function on the indexed column and a constant,
        # then a constant LIMIT. No tie-break key, no cast of vec, no WHERE.
        return f"SELECT id FROM {self.table} ORDER BY {self.distance} LIMIT {k}"

    def ann_topk(self, query, k: int = 10) -> list[int]:
""",
        r"""        # key that is the index's distance function on the indexed column and a constant,
        # then a constant LIMIT. No tie-break key, no cast of vec, no WHERE.
        return f"SELECT id FROM {self.table} ORDER BY {self.distance}, id LIMIT {k}"

    def ann_topk(self, query, k: int = 10) -> list[int]:
""",
    ),
]
