"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: filtered_topk post-filters: WHERE + ORDER BY distance LIMIT k lets the index return its k nearest, then drops those that fail the filter.
"""
REPLACE = [
    (
        r"""        (matching,) = self.con.execute(f"SELECT count(*) FROM {self.table} WHERE {where}", params).fetchone()
        if matching == 0:
            return []
        fetch = math.ceil(OVERFETCH_MARGIN * k * self.n / matching)
        while self.indexed and fetch <= max(MAX_FETCH, 4 * k):
""",
        r"""        if self.indexed:  # let the planner use the index: it filters the index's top k afterwards
            rows = self.con.execute(
                f"SELECT id FROM {self.table} WHERE {where} ORDER BY {self.distance} LIMIT {k}", [*params, q]
            ).fetchall()
            return [r[0] for r in rows]
        matching, fetch = 0, 0
        while False:
""",
    ),
]
