"""Random tables, random plans and the DuckDB oracle for models.mini_sql.

`to_sql(plan)` writes a plan as DuckDB SQL with its own small translator (nothing shared with
the engine under test); `duckdb_rows(tables, plan)` runs it in DuckDB (one in-memory database
per process), the tables registered through Arrow with a type per column: t's and u's
declared types, else VARCHAR if it holds a str, DOUBLE if a float, BIGINT otherwise. `mismatch(got, tables, plan)` says why an engine's rows are not DuckDB's
answer, or returns None: a multiset comparison when the order is not fixed, the sequence of
ORDER BY keys when it is, and a sub-multiset check under a LIMIT (ties at the cut may go
either way). Floats (avg) compare after rounding to 9 decimals.

Hypothesis strategies: `tables(null_share=..., max_rows=...)` draws two tables
t(a, b, k, s) and u(k, c, s) with small int ranges (so join keys repeat) and strings from a
few words; `plans(...)` draws a valid plan over them: an optional join on t.k = u.k or
t.a = u.c, a where tree of comparisons (with literals, NULL literals and column operands),
IS [NOT] NULL, AND/OR/NOT up to depth 3, plain or aggregate selects with a group_by, an
order_by over selected items, and a limit.
"""
from __future__ import annotations

import functools
from collections import Counter

import duckdb
import pyarrow as pa
from hypothesis import strategies as st

T_COLUMNS = {"a": "int", "b": "int", "k": "int", "s": "str"}
U_COLUMNS = {"k": "int", "c": "int", "s": "str"}
SCHEMAS = {"t": T_COLUMNS, "u": U_COLUMNS}
WORDS = ("ann", "bo", "cy", "dee")
OPS = ("=", "!=", "<", "<=", ">", ">=")


# --- SQL translation ------------------------------------------------------------------------

def _ident(ref: str) -> str:
    return ".".join(f'"{part}"' for part in ref.split("."))


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _pred_sql(pred) -> str:
    op, *args = pred
    if op in OPS:
        column, operand = args
        right = _ident(operand["col"]) if isinstance(operand, dict) else _literal(operand)
        sql_op = "<>" if op == "!=" else op
        return f"({_ident(column)} {sql_op} {right})"
    if op == "is_null":
        return f"({_ident(args[0])} IS NULL)"
    if op == "is_not_null":
        return f"({_ident(args[0])} IS NOT NULL)"
    if op == "not":
        return f"(NOT {_pred_sql(args[0])})"
    if op in ("and", "or"):
        return "(" + f" {op.upper()} ".join(_pred_sql(p) for p in args) + ")"
    raise ValueError(f"not a predicate: {pred!r}")


def _item_sql(item) -> str:
    if isinstance(item, str):
        return _ident(item)
    fn, arg = item
    return f"{fn}({'*' if arg == '*' else _ident(arg)})"


def to_sql(plan: dict) -> str:
    """The plan as one DuckDB SELECT statement."""
    sql = "SELECT " + ", ".join(_item_sql(i) for i in plan["select"]) + f' FROM "{plan["from"]}"'
    if "join" in plan:
        j = plan["join"]
        left, right = j["on"]
        left = left if "." in left else f'{plan["from"]}.{left}'
        right = right if "." in right else f'{j["table"]}.{right}'
        sql += f' JOIN "{j["table"]}" ON {_ident(left)} = {_ident(right)}'
    if "where" in plan:
        sql += " WHERE " + _pred_sql(plan["where"])
    if plan.get("group_by"):
        sql += " GROUP BY " + ", ".join(_ident(c) for c in plan["group_by"])
    if plan.get("order_by"):
        sql += " ORDER BY " + ", ".join(f"{_item_sql(i)} {d.upper()} NULLS LAST" for i, d in plan["order_by"])
    if plan.get("limit") is not None:
        sql += f" LIMIT {int(plan['limit'])}"
    return sql


def _arrow_type(values, kind=None):
    if kind is not None:  # t and u: the declared type, even for an empty or all-NULL column
        return pa.string() if kind == "str" else pa.int64()
    if any(isinstance(v, str) for v in values):
        return pa.string()
    if any(isinstance(v, float) for v in values):
        return pa.float64()
    return pa.int64()


@functools.lru_cache(maxsize=1)
def _connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()  # one per process: a new database costs ~15 ms, a query ~2 ms


def duckdb_rows(tables: dict, plan: dict, limit: bool = True) -> list[tuple]:
    """DuckDB's answer to the plan (without its LIMIT if limit=False)."""
    if not limit:
        plan = {k: v for k, v in plan.items() if k != "limit"}
    con = _connection().cursor()
    try:
        for name, table in tables.items():
            kinds = SCHEMAS.get(name, {})
            con.register(name, pa.table({c: pa.array(v, type=_arrow_type(v, kinds.get(c))) for c, v in table.items()}))
        return con.execute(to_sql(plan)).fetchall()
    finally:
        for name in tables:
            con.unregister(name)
        con.close()


# --- comparing an answer with DuckDB's --------------------------------------------------------

def _norm(value):
    return round(value, 9) if isinstance(value, float) else value


def _rows(rows) -> list[tuple]:
    return [tuple(_norm(v) for v in row) for row in rows]


def _positions(plan: dict) -> list[int]:
    """The select positions of the order_by items (every order_by item of a random plan is selected)."""
    select = [tuple(i) if isinstance(i, (list, tuple)) else i for i in plan["select"]]
    out = []
    for item, _ in plan.get("order_by", []):
        item = tuple(item) if isinstance(item, (list, tuple)) else item
        out.append(select.index(item))
    return out


def mismatch(got, tables: dict, plan: dict) -> str | None:
    """Why `got` is not DuckDB's answer to `plan`, or None."""
    if not isinstance(got, list) or not all(isinstance(r, (tuple, list)) for r in got):
        return f"expected a list of tuples, got {got!r}"
    width = len(plan["select"])
    if any(len(r) != width for r in got):
        return f"every row should have {width} values (one per select item), got {got!r}"
    mine = _rows(got)
    full = _rows(duckdb_rows(tables, plan, limit=False))
    limit = plan.get("limit")
    expected = full if limit is None else full[:limit]
    sql = to_sql(plan)
    if limit is None:
        if Counter(mine) != Counter(full):
            return f"rows differ from DuckDB's as multisets: got {sorted(mine, key=repr)}, expected {sorted(full, key=repr)} ({sql})"
    else:
        if len(mine) != len(expected):
            return f"got {len(mine)} rows, expected {len(expected)} ({sql}): got {mine}, expected {expected}"
        extra = Counter(mine) - Counter(full)
        if extra:
            return f"rows {sorted(extra, key=repr)} are not in DuckDB's answer {full} ({sql})"
    positions = _positions(plan)
    if positions:
        keys_mine = [tuple(r[p] for p in positions) for r in mine]
        keys_expected = [tuple(r[p] for p in positions) for r in expected]
        if keys_mine != keys_expected:
            return f"ORDER BY keys come in the order {keys_mine}, expected {keys_expected} ({sql}); got rows {mine}"
    return None


# --- hypothesis strategies -------------------------------------------------------------------

def check(run, tables: dict, plan: dict, expected: list, ordered: bool = False) -> None:
    """Assert that run(tables, plan) (the kata's) gives `expected`: in order, or as a multiset."""
    __tracebackhide__ = True  # pytest: the failing test's line, not this one
    got = run(tables, plan)
    if ordered:
        assert got == expected, f"run(tables, {plan}) returned {got}, expected {expected}"
    else:
        assert isinstance(got, list) and sorted(got, key=repr) == sorted(expected, key=repr), (
            f"run(tables, {plan}) returned {got}, expected (in any order) {expected}")


def _values(kind: str, n: int, null_share: float):
    base = st.integers(-3, 3) if kind == "int" else st.sampled_from(WORDS)
    if null_share <= 0:
        return st.lists(base, min_size=n, max_size=n)
    # NULL-heavy: a weighted choice, so most columns hold some NULLs at 0.5
    value = st.one_of(st.none(), base) if null_share < 0.5 else st.one_of(st.none(), st.none(), base)
    return st.lists(value, min_size=n, max_size=n)


@st.composite
def _table(draw, columns: dict, null_share: float, min_rows: int, max_rows: int):
    n = draw(st.integers(min_rows, max_rows))
    return {c: draw(_values(kind, n, null_share)) for c, kind in columns.items()}


def tables(null_share: float = 0.2, min_rows: int = 0, max_rows: int = 12):
    """{"t": ..., "u": ...} with int and str columns, NULLs at about `null_share`."""
    return st.fixed_dictionaries({"t": _table(T_COLUMNS, null_share, min_rows, max_rows),
                                  "u": _table(U_COLUMNS, null_share, min_rows, max_rows)})


def _columns(joined: bool, from_table: str) -> dict:
    """Column reference -> kind: qualified always, unqualified where unambiguous."""
    if not joined:
        cols = SCHEMAS[from_table]
        return {**{c: kind for c, kind in cols.items()}, **{f"{from_table}.{c}": kind for c, kind in cols.items()}}
    out = {f"t.{c}": kind for c, kind in T_COLUMNS.items()}
    out.update({f"u.{c}": kind for c, kind in U_COLUMNS.items()})
    for c, kind in {**T_COLUMNS, **U_COLUMNS}.items():
        if (c in T_COLUMNS) != (c in U_COLUMNS):
            out[c] = kind
    return out


def _predicate(columns: dict, depth: int):
    refs = sorted(columns)

    @st.composite
    def comparison(draw):
        column = draw(st.sampled_from(refs))
        kind = columns[column]
        same_kind = [r for r in refs if columns[r] == kind]
        base = st.integers(-3, 3) if kind == "int" else st.sampled_from(WORDS)
        operand = draw(st.one_of(base, base, st.none(),
                                 st.sampled_from(same_kind).map(lambda r: {"col": r})))
        return (draw(st.sampled_from(OPS)), column, operand)

    leaf = st.one_of(comparison(), comparison(),
                     st.tuples(st.sampled_from(["is_null", "is_not_null"]), st.sampled_from(refs)))
    if depth <= 0:
        return leaf
    sub = _predicate(columns, depth - 1)
    return st.one_of(
        leaf,
        st.tuples(st.just("not"), sub),
        st.builds(lambda op, ps: (op, *ps), st.sampled_from(["and", "or"]), st.lists(sub, min_size=1, max_size=3)),
    )


@st.composite
def plans(draw, allow_join: bool = True, max_depth: int = 3):
    """A valid plan over tables t and u (see the module docstring)."""
    joined = allow_join and draw(st.booleans())
    from_table = "t" if joined else draw(st.sampled_from(["t", "u"]))
    plan: dict = {"from": from_table}
    if joined:
        plan["join"] = {"table": "u", "on": draw(st.sampled_from([["k", "k"], ["t.k", "u.k"], ["a", "c"]]))}
    columns = _columns(joined, from_table)
    refs = sorted(columns)
    if draw(st.booleans()):
        plan["where"] = draw(_predicate(columns, draw(st.integers(0, max_depth))))
    if draw(st.booleans()):  # aggregate query
        group_by = draw(st.lists(st.sampled_from(refs), max_size=2, unique=True))
        aggs = []
        for _ in range(draw(st.integers(0 if group_by else 1, 3))):
            fn = draw(st.sampled_from(["count", "count", "sum", "avg", "min", "max"]))
            numeric = [r for r in refs if columns[r] == "int"]
            if fn == "count" and draw(st.booleans()):
                aggs.append(("count", "*"))
            else:
                aggs.append((fn, draw(st.sampled_from(numeric if fn in ("sum", "avg") else refs))))
        select = list(group_by) + aggs
        if group_by and not aggs and draw(st.booleans()):
            select = [group_by[0]]
        if not select:
            select = [("count", "*")]
        if group_by:
            plan["group_by"] = group_by
    else:
        select = draw(st.lists(st.sampled_from(refs), min_size=1, max_size=4))
    plan["select"] = select
    distinct_items = list(dict.fromkeys(tuple(i) if isinstance(i, tuple) else i for i in select))
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(distinct_items), min_size=1, max_size=3, unique=True))
        plan["order_by"] = [(item, draw(st.sampled_from(["asc", "desc"]))) for item in chosen]
    if draw(st.integers(0, 3)) == 0:
        plan["limit"] = draw(st.integers(0, 6))
    return plan
