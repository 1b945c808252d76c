"""Vector search as a feature of an existing database: DuckDB + its vss (HNSW) extension.

Reference solution. See exercises/breakout/vector_search.py for the statement.
"""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

# metric (as CREATE INDEX ... WITH (metric = ...) names it) -> the SQL function the planner
# matches against that index. Smaller is closer for all three.
DISTANCE = {
    "l2sq": "array_distance",  # Euclidean; the index stores its square, same order
    "cosine": "array_cosine_distance",  # 1 - cosine similarity
    "ip": "array_negative_inner_product",  # -(a . b)
}

# pgvector's defaults (m 16, ef_construction 64): about half the build time of vss's own
# ef_construction 128, the same recall on embedding-like data.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# Candidates the search keeps per query. vss uses max(ef_search, LIMIT), so an over-fetch
# with a large LIMIT searches wider on its own.
HNSW_EF_SEARCH = 200

# Filtered search: over-fetch this many times the expected number of candidates (the filter's
# rows are not spread evenly: a category clusters in some topics), but never more than
# MAX_FETCH through the index. Measured at 20,000-50,000 x 128: an HNSW search that keeps
# 400 candidates costs about what an exact scan of the filtered rows does, so a filter that
# keeps less than about 10% of the rows (for k = 10) goes straight to the exact scan.
OVERFETCH_MARGIN = 3
MAX_FETCH = 400


# --- given in the stub: the database, the extension, the table ---------------------------

_DB: duckdb.DuckDBPyConnection | None = None
_TABLES = itertools.count(1)


def vss_path() -> str:
    """The vss extension file shipped in the duckdb-extension-vss wheel (never downloaded)."""
    import duckdb_extension_vss

    path = (Path(duckdb_extension_vss.__file__).parent / "extensions" / f"v{duckdb.__version__}"
            / "vss.duckdb_extension")
    if not path.exists():
        raise RuntimeError(f"no vss extension for duckdb {duckdb.__version__} at {path}: "
                           "install duckdb-extension-vss with the same version as duckdb")
    return str(path)


def connect() -> duckdb.DuckDBPyConnection:
    """A new connection (cursor) to this module's one in-memory database, vss loaded."""
    global _DB
    if _DB is None:
        db = duckdb.connect()  # in memory: an HNSW index needs no persistence flag here
        db.execute(f"LOAD '{vss_path()}'")  # LOAD from a file, never INSTALL from the network
        # Late materialization turns `SELECT id ... ORDER BY dist LIMIT k` into a top-k of
        # row ids and then a join with a scan of the whole table: an index query would still
        # read every row (about 2x slower at 20,000 rows). One setting for the database.
        db.execute("SET disabled_optimizers = 'late_materialization'")
        _DB = db
    return _DB.cursor()


def to_arrow(items: dict) -> pa.Table:
    """Columns id, category, price, vec (a 2-D array) -> an Arrow table with vec as FLOAT[d]."""
    if not hasattr(items, "keys"):
        raise ValueError(f"items must be a dict of columns, got {type(items).__name__}")
    for key in ("id", "category", "price", "vec"):
        if key not in items:
            raise ValueError(f"items has no {key!r} column")
    vec = np.asarray(items["vec"], dtype=np.float32)
    if vec.ndim != 2 or vec.shape[0] == 0 or vec.shape[1] == 0:
        raise ValueError(f"items['vec'] must be a non-empty 2-D array (n, d), got shape {vec.shape}")
    if not np.isfinite(vec).all():
        raise ValueError("items['vec'] must be finite (no NaN or inf)")
    n, d = vec.shape
    columns = {
        "id": pa.array(np.asarray(items["id"], dtype=np.int64)),
        "category": pa.array([str(c) for c in items["category"]], pa.string()),
        "price": pa.array(np.asarray(items["price"], dtype=np.float64)),
        "vec": pa.FixedSizeListArray.from_arrays(pa.array(vec.reshape(-1)), d),
    }
    for key, column in columns.items():
        if len(column) != n:
            raise ValueError(f"items[{key!r}] has {len(column)} values, items['vec'] has {n} rows")
    return pa.table(columns)


# --- the kata ------------------------------------------------------------------------------

class VectorTable:
    """A table of items with embeddings in DuckDB: exact, ANN and filtered top-k by SQL."""

    def __init__(self, items: dict, metric: str = "l2sq") -> None:
        if not isinstance(metric, str) or metric not in DISTANCE:
            raise ValueError(f"unknown metric {metric!r}: use one of {', '.join(map(repr, DISTANCE))}")
        arrow = to_arrow(items)
        self.metric = metric
        self.n = arrow.num_rows
        self.dim = arrow.schema.field("vec").type.list_size
        self.table = f"items_{next(_TABLES)}"
        self.indexed = False
        self.con = connect()
        self.con.register("staging", arrow)
        try:
            self.con.execute(f"CREATE TABLE {self.table} AS SELECT * FROM staging")
        finally:
            self.con.unregister("staging")
        # The distance expression, written once so that every query matches the index:
        # the same function as the index's metric, the column as is, and a constant of
        # exactly the column's type (FLOAT[d]; a DOUBLE[d] would cast the column instead).
        self.distance = f"{DISTANCE[metric]}(vec, ?::FLOAT[{self.dim}])"

    # -- input checks --------------------------------------------------------------------

    def _query(self, query) -> list[float]:
        # np.asarray would read None as a 0-d object and fail on "abc" with numpy's own words.
        if query is None or isinstance(query, (str, bytes)):
            raise ValueError(f"query must be a vector of numbers, got {type(query).__name__}")
        try:
            q = np.asarray(query, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"query must be a vector of numbers, got {query!r:.80}") from None
        if q.ndim != 1 or q.shape[0] != self.dim:
            got = q.shape[-1] if q.ndim else 0
            raise ValueError(f"query has {got} dimensions, the table's vectors have {self.dim}"
                             + ("" if q.ndim == 1 else f" (query shape {q.shape})"))
        if not np.isfinite(q).all():
            raise ValueError("query must be finite (no NaN or inf)")
        return q.astype(np.float32).tolist()

    @staticmethod
    def _k(k) -> int:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be an integer >= 1, got {k!r}")
        return int(k)

    # -- exact ---------------------------------------------------------------------------

    def _exact(self, q: list[float], k: int, where: str = "TRUE", params: list | None = None) -> list[int]:
        # The second sort key (id) makes ties deterministic and, as a side effect, keeps
        # the planner off the HNSW index (it only rewrites ORDER BY <one distance> LIMIT k):
        # this is a full, exact scan even after build_index().
        rows = self.con.execute(
            f"SELECT id FROM {self.table} WHERE {where} ORDER BY {self.distance}, id LIMIT {k}",
            [*(params or []), q],
        ).fetchall()
        return [r[0] for r in rows]

    def exact_topk(self, query, k: int = 10) -> list[int]:
        """The k nearest ids by a full scan, ties by distance then id."""
        return self._exact(self._query(query), self._k(k))

    # -- HNSW ----------------------------------------------------------------------------

    def build_index(self) -> None:
        """CREATE INDEX ... USING HNSW with this table's metric."""
        if not self.indexed:
            self.con.execute(
                f"CREATE INDEX {self.table}_hnsw ON {self.table} USING HNSW (vec) "
                f"WITH (metric = '{self.metric}', M = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
            )
            self.indexed = True
        self.con.execute(f"SET hnsw_ef_search = {HNSW_EF_SEARCH}")

    def _ann_sql(self, k: int) -> str:
        # Exactly the shape the vss optimizer rewrites into HNSW_INDEX_SCAN: one ORDER BY
        # key that is the index's distance function on the indexed column and a constant,
        # then a constant LIMIT. No tie-break key, no cast of vec, no WHERE.
        return f"SELECT id FROM {self.table} ORDER BY {self.distance} LIMIT {k}"

    def ann_topk(self, query, k: int = 10) -> list[int]:
        """Approximate k nearest ids through the HNSW index (a full scan before build_index)."""
        q, k = self._query(query), self._k(k)
        return [r[0] for r in self.con.execute(self._ann_sql(k), [q]).fetchall()]

    def explain_ann(self, query, k: int = 10) -> str:
        """The EXPLAIN plan of the query ann_topk runs: look for HNSW_INDEX_SCAN."""
        q, k = self._query(query), self._k(k)
        rows = self.con.execute("EXPLAIN " + self._ann_sql(k), [q]).fetchall()
        return "\n".join(str(r[-1]) for r in rows)

    # -- filtered ------------------------------------------------------------------------

    def filtered_topk(self, query, k: int = 10, category: str | None = None,
                      max_price: float | None = None) -> list[int]:
        """The k nearest ids among rows with category == category and price < max_price."""
        q, k = self._query(query), self._k(k)
        conditions, params = [], []
        if category is not None and not isinstance(category, str):
            raise ValueError(f"category must be a str or None, got {type(category).__name__}")
        if max_price is not None and (isinstance(max_price, bool)
                                      or not isinstance(max_price, (int, float, np.integer, np.floating))):
            raise ValueError(f"max_price must be a number or None, got {type(max_price).__name__}")
        if category is not None:
            conditions.append("category = ?")
            params.append(str(category))
        if max_price is not None:
            conditions.append("price < ?")
            params.append(float(max_price))
        if not conditions:
            return self.ann_topk(q, k) if self.indexed else self._exact(q, k)
        where = " AND ".join(conditions)

        # In DuckDB 1.5 a WHERE on an index query is applied AFTER the HNSW scan: the index
        # hands back its k nearest, the filter drops most of them, fewer than k are left.
        # So: estimate the filter's selectivity with a COUNT; a broad filter over-fetches
        # k / selectivity candidates through the index and filters those; a selective one
        # (or a query where the over-fetch came back short) scans the filtered rows exactly,
        # which is cheap precisely because the filter is selective.
        (matching,) = self.con.execute(f"SELECT count(*) FROM {self.table} WHERE {where}", params).fetchone()
        if matching == 0:
            return []
        fetch = math.ceil(OVERFETCH_MARGIN * k * self.n / matching)
        while self.indexed and fetch <= max(MAX_FETCH, 4 * k):
            rows = self.con.execute(
                f"""
                SELECT id FROM (
                    SELECT id, category, price, {self.distance} AS dist
                    FROM {self.table} ORDER BY dist LIMIT {fetch}
                ) WHERE {where}
                ORDER BY dist LIMIT {k}
                """,
                [q, *params],
            ).fetchall()
            if len(rows) >= min(k, matching):
                return [r[0] for r in rows]
            fetch *= 4  # this query sits where the filter's rows are rare: look wider
        return self._exact(q, k, where, params)

    def close(self) -> None:
        """Drop the table (and its index) from the shared database."""
        self.con.execute(f"DROP TABLE IF EXISTS {self.table}")
        self.con.close()
