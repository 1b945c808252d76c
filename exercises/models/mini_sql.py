"""We reinvented SQL: a small query engine over in-memory tables, NULLs and all.

The deck's joke: "Kicked off with plain text files to avoid the SQL maze. First, added
indexes to speed things up. Next, structured our data for faster access. Then, threw in some
joins for fun. Several 'optimizations' later, we proudly reinvented our own wheel - SQL!"
Reinvent it on purpose, then check it against the real thing: every answer your engine gives
is compared with DuckDB running the same query as SQL.

Tables are dicts of column lists, None is NULL. A query is a plan: plain data (dicts, tuples,
lists, str, numbers), so it can be written as JSON, sent to another process, or printed:

    {"from": "rides",                                   # FROM rides
     "join": {"table": "drivers",                       # JOIN drivers
              "on": ["driver_id", "drivers.driver_id"]},#   ON rides.driver_id = drivers.driver_id
     "where": ("and", ("=", "city", "SF"),              # WHERE city = 'SF'
                      ("not", ("is_null", "tip"))),     #   AND NOT tip IS NULL
     "group_by": ["name"],                              # GROUP BY name
     "select": ["name", ("count", "*"), ("avg", "price")],  # SELECT name, count(*), avg(price)
     "order_by": [(("avg", "price"), "desc")],          # ORDER BY avg(price) DESC
     "limit": 10}                                       # LIMIT 10

The chapter's OLAP question, "the average price of all rides in September in San Francisco":

    >>> rides = {"ride_id": [1, 2, 3, 4, 5], "driver_id": [7, 8, 7, None, 9],
    ...          "city": ["SF", "SF", "NYC", "SF", "SF"], "month": [9, 9, 9, 9, 10],
    ...          "price": [20, 12, 35, 16, 30], "tip": [3, None, 5, None, 4]}
    >>> drivers = {"driver_id": [7, 8, 9], "name": ["Ann", "Bo", "Cy"], "rating": [4.8, None, 4.1]}
    >>> tables = {"rides": rides, "drivers": drivers}
    >>> run(tables, {"from": "rides", "where": ("and", ("=", "city", "SF"), ("=", "month", 9)),
    ...              "select": [("avg", "price"), ("count", "*"), ("count", "tip")]})
    [(16.0, 3, 1)]
    >>> run(tables, {"from": "rides", "join": {"table": "drivers", "on": ["driver_id", "driver_id"]},
    ...              "select": ["ride_id", "name"], "order_by": [("ride_id", "asc")]})
    [(1, 'Ann'), (2, 'Bo'), (3, 'Ann'), (5, 'Cy')]
    >>> run(tables, {"from": "rides", "where": ("=", "tip", None), "select": ["ride_id"]})
    []

The plan. Keys: "from" and "select" are required; "join", "where", "group_by", "order_by" and
"limit" are optional; no other key. Tuples and lists are the same thing (JSON has only lists).
- Column references are strings: "price", or "rides.price" qualified by its table. An
  unqualified name must belong to exactly one table of the query.
- "join": {"table": name, "on": [left, right]}: an inner equi-join, left a column of the
  "from" table, right a column of the joined table; rows whose keys are equal are paired
  (every pair, duplicates included); a NULL key matches nothing, not even another NULL.
  Build a hash table on one side and probe it with the other (no loop over all pairs).
  A table may not be joined with itself.
- "where": a predicate. (op, column, operand) with op one of = != < <= > >=, the operand a
  literal (int, float, str or None) or {"col": column}; ("is_null", column),
  ("is_not_null", column); ("and", p, q, ...), ("or", p, q, ...), ("not", p).
- "select": a non-empty list of items: a column, or (fn, column) with fn one of count, sum,
  avg, min, max; ("count", "*") counts rows.
- "group_by": a list of columns. A query with a group_by or an aggregate in its select is an
  aggregate query: one output row per group (NULL keys form one group of their own), and
  with no group_by exactly one row, even when no row qualifies. Its plain select and
  order_by columns must be in the group_by.
- "order_by": a list of (item, "asc" | "desc") pairs, item a column or an aggregate (in an
  aggregate query). Rows tied on every key keep no particular order.
- "limit": an int >= 0: at most that many rows, after the order_by.
Output: a list of tuples, one per row, values in the order of the select.

SQL's NULL semantics (three-valued logic), as DuckDB 1.5 implements them:
- A comparison with NULL on either side is unknown (None), NULL = NULL included. WHERE keeps
  a row only when its predicate is true, so unknown drops it. NOT unknown is unknown;
  false AND unknown is false, true OR unknown is true, otherwise unknown propagates.
- count(*) counts rows; count(col) counts non-NULL values; sum, avg, min and max skip NULLs
  and are NULL (None) over no values at all (no rows, or only NULLs); count of none is 0.
  avg is a float; sum of ints is an int.
- ORDER BY puts NULLs last, for "asc" and for "desc" alike (DuckDB's default_null_order is
  NULLS_LAST; PostgreSQL puts them first for DESC).

Tests compare your answers with DuckDB on random tables and random plans (hypothesis):
as multisets of rows when the order is not fully determined, avg within 1e-9. Hidden
tests add NULL-heavy columns, duplicate join keys and empty tables, and time the join
(hidden): joining 1,500 x 1,500 rows at least 5x faster than a nested loop over all pairs.

Bad input raises PlanError (a ValueError), with the message:
- "unknown table 'ridez'", "unknown column 'prise'",
- "ambiguous column 'driver_id': use rides.driver_id or drivers.driver_id",
- "column 'city' must be in group_by or inside an aggregate",
- "cannot compare 'SF' with 3" (a str with a number, found while running),
- "sum needs numbers, got 'SF'" (sum or avg over text),
- "malformed plan: ..." for anything else that does not follow the plan grammar above
  (say what: "malformed plan: unknown key 'wher'", "malformed plan: limit must be an int >= 0").
  A table whose columns differ in length is malformed too ("malformed table 'rides': ...").
Errors in the plan are raised even when the tables are empty.

Run its tests: pytest exercises/models/test_mini_sql.py   (or: kata check models.mini_sql)
Only run and PlanError are graded; the helpers are one way to split the work.
"""
from __future__ import annotations

import operator
from typing import Callable

PLAN_KEYS = ("from", "join", "where", "group_by", "select", "order_by", "limit")
AGGREGATES = ("count", "sum", "avg", "min", "max")
COMPARISONS: dict[str, Callable] = {"=": operator.eq, "!=": operator.ne, "<": operator.lt,
                                    "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class PlanError(ValueError):
    """A plan or a table the engine cannot run."""


def _is_seq(x) -> bool:
    return isinstance(x, (list, tuple))


# --- given: a table as rows --------------------------------------------------------------------

def scan(tables: dict, name) -> tuple[list[str], list[tuple]]:
    """Given: table `name` as (schema, rows): schema the qualified names ["rides.ride_id", ...],
    rows a list of tuples in the same column order."""
    if not isinstance(name, str):
        raise PlanError(f"malformed plan: a table name must be a str, got {name!r}")
    if name not in tables:
        raise PlanError(f"unknown table {name!r}")
    table = tables[name]
    if not isinstance(table, dict) or not all(_is_seq(v) for v in table.values()):
        raise PlanError(f"malformed table {name!r}: expected a dict of column lists")
    lengths = {column: len(values) for column, values in table.items()}
    if len(set(lengths.values())) > 1:
        raise PlanError(f"malformed table {name!r}: its columns differ in length {lengths}")
    schema = [f"{name}.{column}" for column in table]
    return schema, list(zip(*table.values())) if table else []


# --- your part ---------------------------------------------------------------------------------

def resolve(schema: list[str], ref) -> int:
    """The position in `schema` of column reference `ref` ("price" or "rides.price"). (about 10 lines)"""
    # TODO: not a str -> PlanError("malformed plan: a column must be a str, got 3")
    # TODO: "rides.price" matches schema entries equal to it; "price" matches every "<table>.price"
    # TODO: no match -> PlanError("unknown column 'prise'"); two -> PlanError(
    #       "ambiguous column 'driver_id': use rides.driver_id or drivers.driver_id")
    raise NotImplementedError("resolve")


def compare(op: str, a, b) -> bool | None:
    """a <op> b in three-valued logic: None (unknown) if either side is NULL. (about 5 lines)"""
    # TODO: compare("=", None, None) -> None;  compare("<", 2, 3) -> True (COMPARISONS[op](a, b))
    # TODO: a str against a number -> PlanError("cannot compare 'SF' with 3")
    raise NotImplementedError("compare")


def predicate(pred, schema: list[str]) -> Callable[[tuple], bool | None]:
    """Compile a "where" predicate into a function row -> True / False / None (unknown),
    checking the plan first (so errors show even on empty tables). (about 45 lines)"""
    # TODO: (">", "price", 10): i = resolve(schema, "price"); return lambda row: compare(">", row[i], 10)
    #       ("=", "a", {"col": "b"}) compares two columns; a literal is int, float, str or None
    # TODO: ("is_null", "tip") -> lambda row: row[i] is None (never unknown); "is_not_null" likewise
    # TODO: ("not", p): None stays None
    # TODO: ("and", p, q, ...): any False -> False, else any None -> None, else True;
    #       ("or", ...) the other way round
    # TODO: anything else -> PlanError("malformed plan: unknown operator 'like'") and the like
    raise NotImplementedError("predicate")


def hash_join(left: list[tuple], right: list[tuple], li: int, ri: int) -> list[tuple]:
    """Inner equi-join: left[li] == right[ri]; each match is left + right; NULL keys never match.
    (about 12 lines)"""
    # TODO: buckets = {key: [right rows with that key]} (skip None keys), then probe with each left row
    # TODO: hash_join([(1, "a"), (None, "b")], [(1, "x"), (1, "y"), (None, "z")], 0, 0)
    #       -> [(1, "a", 1, "x"), (1, "a", 1, "y")]
    raise NotImplementedError("hash_join")


def aggregate(fn: str, values: list):
    """fn over one group's values (for count(*), its rows), SQL's way with NULLs. (about 12 lines)"""
    # TODO: "count*" -> len(values); "count" -> how many are not None
    # TODO: sum / avg / min / max of no non-NULL value -> None; avg is a float
    # TODO: sum or avg of text -> PlanError("sum needs numbers, got 'SF'")
    raise NotImplementedError("aggregate")


def _item(item, schema: list[str]) -> tuple:
    """A select or order_by item as a key: ("col", i) or (fn, i), fn "count*" for count(*).
    (about 10 lines)"""
    # TODO: "price" -> ("col", resolve(schema, "price")); ("avg", "price") -> ("avg", 4);
    #       ("count", "*") -> ("count*", None); ("sum", "*") or ("median", "x") -> PlanError("malformed plan: ...")
    raise NotImplementedError("_item")


def sort_rows(envs: list[dict], keys: list[tuple]) -> list[dict]:
    """Sort by each (key, descending) in turn, NULLs last both ways. (about 8 lines)"""
    # TODO: list.sort is stable: sort by the last key first, the first key last
    # TODO: a sort key that puts None last: (value is None, value if value is not None else 0);
    #       with reverse=True flip the flag: (value is not None, ...)
    raise NotImplementedError("sort_rows")


def run(tables: dict, plan: dict) -> list[tuple]:
    """Run `plan` over `tables` (name -> {column: list}); the rows as a list of tuples. (about 70 lines)"""
    # TODO: check the plan's keys: unknown -> PlanError("malformed plan: unknown key 'wher'");
    #       "from" and "select" required
    # TODO: schema, rows = scan(tables, plan["from"]); a join: scan the other table, resolve the
    #       left key in the left schema and the right key in the right one, hash_join, schema + schema
    # TODO: where: keep = predicate(plan["where"], schema); keep rows where keep(row) is True
    # TODO: parse select and order_by items with _item, check group_by and limit (before any row is read)
    # TODO: aggregate query (group_by, or an aggregate in select): group rows by their group_by
    #       values (a dict keeps first-seen order; None is a key like any other), one env per group
    #       {item key: value}; no group_by and no rows -> one group of no rows
    # TODO: plain query: one env per row; then sort_rows, limit, and project the select items
    raise NotImplementedError("run")
