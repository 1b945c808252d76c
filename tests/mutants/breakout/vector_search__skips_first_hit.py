"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

MUTANT: exact search fetches k + 1 and drops the first hit, as if the query were always in the table.
"""
REPLACE = [
    (
        r"""        rows = self.con.execute(
            f"SELECT id FROM {self.table} WHERE {where} ORDER BY {self.distance}, id LIMIT {k}",
            [*(params or []), q],
        ).fetchall()
        return [r[0] for r in rows]

""",
        r"""        rows = self.con.execute(
            f"SELECT id FROM {self.table} WHERE {where} ORDER BY {self.distance}, id LIMIT {k + 1}",
            [*(params or []), q],
        ).fetchall()
        return [r[0] for r in rows][1:]  # skip the query's own row

""",
    ),
]
