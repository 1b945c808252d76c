"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: ann_topk sorts by (distance, id) like exact_topk: the planner cannot use the HNSW index and scans every row.
"""
REPLACE = [
    (
        r"""        return f"SELECT id FROM {self.table} ORDER BY {self.distance} LIMIT {k}"
""",
        r"""        return f"SELECT id FROM {self.table} ORDER BY {self.distance}, id LIMIT {k}"
""",
    ),
]
