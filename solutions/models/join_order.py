"""The optimizer: choose a join order by dynamic programming, then watch DuckDB push a filter down.

The deck: SQL is declarative, "we just say what we want, not how to do it", so the "optimizer
essentially has to find the most efficient way to execute the query" (and ML can help it).
Its hardest choice is the join order. rides JOIN drivers JOIN cities JOIN payments can be
evaluated in many orders and shapes; they all give the same rows but build intermediate
results of very different sizes. Find the cheapest by dynamic programming over subsets of
relations, as System R (Selinger, 1979) did and DuckDB's optimizer (DPhyp) still does.

The input is plain data: a cardinality (rows) per relation, and a selectivity per join
predicate, keyed "a|b" (either order): the share of the pairs of a and b rows that match.

    >>> cards = {"rides": 1_000_000, "drivers": 10_000, "cities": 100, "payments": 500_000}
    >>> sels = {"rides|drivers": 1e-4, "drivers|cities": 1e-2, "rides|payments": 1e-6}
    >>> plan_cost(left_deep(["rides", "drivers", "cities", "payments"]), cards, sels)  # naive
    2500000.0
    >>> plan_cost(left_deep(["cities", "drivers", "rides", "payments"]), cards, sels)
    1510000.0
    >>> best_plan(cards, sels)          # bushy: two small joins, then one join of their results
    ((('rides', 'payments'), ('drivers', 'cities')), 1010000.0)

The cost model, C_out: the cost of a plan is the sum of the sizes of every join's result
(the final one included; scanning a relation costs nothing). The size of the join of a set S
of relations does not depend on the plan: the product of their cardinalities times the
selectivities of every predicate between two members of S (independent predicates; a pair with
no predicate has selectivity 1). A plan is a relation name (a leaf) or a pair (left, right) of
plans, bushy shapes allowed: (("a", "b"), ("c", "d")) is a plan. Without cross products
(the default, cross_products=False) every join must have at least one predicate between its
two sides; with cross_products=True any pair may be joined.

1. plan_cost(plan, cardinalities, selectivities, cross_products=False): the C_out of one plan.
2. best_plan(cardinalities, selectivities, cross_products=False) -> (plan, cost): a cheapest
   plan (any one of them if several tie) and its cost. Dynamic programming over subsets: the
   best plan of a set S is the best over its splits S = S1 + S2 of best(S1) x best(S2), so
   each subset is solved once, not once per plan that contains it (2^n subsets, 3^n splits).
3. explain_filtered_join(tables, on, where): load two tables into a fresh in-memory DuckDB,
   and return the text of EXPLAIN (FORMAT json) for SELECT * FROM the two tables JOIN'd ON
   `on` WHERE `where` (a condition on one table). The tests read that JSON plan themselves:
   the filter must sit below the join, in the subtree that scans the filtered table
   (predicate pushdown: filter rows before joining them, not after).

    >>> text = explain_filtered_join({"rides": {"ride_id": [1, 2, 3], "driver_id": [7, 8, 7]},
    ...                               "drivers": {"driver_id": [7, 8], "rating": [4.9, 3.1]}},
    ...                              on=("rides.driver_id", "drivers.driver_id"),
    ...                              where=("drivers.rating", ">", 4.5))
    >>> import json
    >>> plan = json.loads(text)     # [{"name": "PROJECTION", "children": [{"name": "HASH_JOIN", ...
    >>> "rating>4.5" in text           # in the drivers SEQ_SCAN's "Filters", below the HASH_JOIN
    True

Rules. Costs are floats, compared within a relative 1e-9. Relation names are non-empty str
without "|". The hidden tests compare best_plan with a brute force over every plan (up to 7
relations), check that its plan is valid and costs what it says, that it beats the naive
plan (the left-deep join in the order the cardinalities are given) where that is not optimal,
and time it (hidden, in the same run): on a 7-relation clique at least 30x faster than a brute
force over its 10,395 bushy plans (the reference: 300x and more), and on a 12-relation clique
within 25x the time of the tests' own DP over bitmask subsets (a DP over frozensets is about
11x; a search over every plan never gets there, and is stopped at 8 relations).

Bad input raises JoinOrderError (a ValueError) with the message:
- "selectivity of 'rides|drivers' must be in (0, 1], got 1.5" (0, negative, NaN, > 1),
- "cardinality of 'rides' must be a positive number, got 0",
- "unknown relation 'ridez' in 'ridez|drivers'" (a selectivity key naming no relation),
- "malformed selectivity key 'rides-drivers': use 'a|b' with two different relations",
- "selectivity of 'drivers|rides' given twice" (both orders of one pair),
- "the query graph is disconnected: {'cities'} shares no predicate with the rest
  (pass cross_products=True to allow cross products)",
- "no relations" (empty cardinalities),
- plan_cost: "unknown relation 'x' in the plan", "relation 'rides' appears twice in the plan",
  "the plan leaves out 'payments'", "cross product: no predicate joins ['cities'] and
  ['rides']" (cross_products=False), "malformed plan: ..." (not a name or a pair);
- explain_filtered_join: "unknown table 'ridez'", "unknown column 'rides.prise'",
  "malformed query: ..." (not two tables, a
  column not qualified as table.column, an operator not in = != < <= > >=).

Run its tests: pytest exercises/models/test_join_order.py   (or: kata check models.join_order)
"""
from __future__ import annotations

import math

import duckdb
import pyarrow as pa

OPERATORS = ("=", "!=", "<", "<=", ">", ">=")


class JoinOrderError(ValueError):
    """Join-ordering input, a plan or an EXPLAIN query the optimizer cannot take."""


def left_deep(order: list[str]):
    """Given: the left-deep plan joining `order` one relation at a time: ((a, b), c), ..."""
    plan = order[0]
    for name in order[1:]:
        plan = (plan, name)
    return plan


# --- your part ---------------------------------------------------------------------------------

def check_input(cardinalities: dict, selectivities: dict) -> tuple[list[str], dict]:
    """The relation names, in the order given, and {frozenset({a, b}): selectivity}, checked."""
    if not isinstance(cardinalities, dict) or not cardinalities:
        raise JoinOrderError("no relations")
    for name, rows in cardinalities.items():
        if not isinstance(name, str) or not name or "|" in name:
            raise JoinOrderError(f"a relation name is a non-empty str without '|', got {name!r}")
        if isinstance(rows, bool) or not isinstance(rows, (int, float)) or not (0 < rows < math.inf):
            raise JoinOrderError(f"cardinality of {name!r} must be a positive number, got {rows!r}")
    if not isinstance(selectivities, dict):
        raise JoinOrderError(f"selectivities must be a dict {{'a|b': selectivity}}, got {type(selectivities).__name__}")
    edges: dict[frozenset, float] = {}
    for key, sel in selectivities.items():
        parts = key.split("|") if isinstance(key, str) else []
        if len(parts) != 2 or parts[0] == parts[1] or not all(parts):
            raise JoinOrderError(f"malformed selectivity key {key!r}: use 'a|b' with two different relations")
        for part in parts:
            if part not in cardinalities:
                raise JoinOrderError(f"unknown relation {part!r} in {key!r}")
        if isinstance(sel, bool) or not isinstance(sel, (int, float)) or not (0 < sel <= 1):
            raise JoinOrderError(f"selectivity of {key!r} must be in (0, 1], got {sel!r}")
        pair = frozenset(parts)
        if pair in edges:
            raise JoinOrderError(f"selectivity of {key!r} given twice")
        edges[pair] = float(sel)
    return list(cardinalities), edges


def plan_cost(plan, cardinalities: dict, selectivities: dict, cross_products: bool = False) -> float:
    """C_out of `plan`: the sum of the sizes of its joins' results."""
    names, edges = check_input(cardinalities, selectivities)
    seen: set[str] = set()

    def walk(node) -> tuple[frozenset, float, float]:  # (relations, rows, cost)
        if isinstance(node, str):
            if node not in cardinalities:
                raise JoinOrderError(f"unknown relation {node!r} in the plan")
            if node in seen:
                raise JoinOrderError(f"relation {node!r} appears twice in the plan")
            seen.add(node)
            return frozenset([node]), float(cardinalities[node]), 0.0
        if not isinstance(node, (list, tuple)) or len(node) != 2:
            raise JoinOrderError(f"malformed plan: a plan is a relation name or a pair (left, right), got {node!r}")
        left, lrows, lcost = walk(node[0])
        right, rrows, rcost = walk(node[1])
        across = [s for pair, s in edges.items() if len(pair & left) == 1 and len(pair & right) == 1]
        if not across and not cross_products:
            raise JoinOrderError(f"cross product: no predicate joins {sorted(left)} and {sorted(right)}")
        rows = lrows * rrows * math.prod(across)
        return left | right, rows, lcost + rcost + rows

    _, _, cost = walk(plan)
    missing = [name for name in names if name not in seen]
    if missing:
        raise JoinOrderError(f"the plan leaves out {missing[0]!r}")
    return cost


def _components(names: list[str], edges: dict) -> list[set]:
    """The connected parts of the query graph."""
    parts: list[set] = []
    for name in names:
        touching = [p for p in parts if name in p or any(frozenset((name, m)) in edges for m in p)]
        merged = {name}.union(*touching)
        parts = [p for p in parts if p not in touching] + [merged]
    return parts


def best_plan(cardinalities: dict, selectivities: dict, cross_products: bool = False) -> tuple:
    """A cheapest plan under C_out and its cost, by dynamic programming over subsets."""
    names, edges = check_input(cardinalities, selectivities)
    n = len(names)
    if not cross_products:
        parts = _components(names, edges)
        if len(parts) > 1:
            lonely = min(parts, key=lambda p: (len(p), sorted(p)))
            raise JoinOrderError(f"the query graph is disconnected: {set(sorted(lonely))} shares no predicate "
                                 "with the rest (pass cross_products=True to allow cross products)")
    index = {name: i for i, name in enumerate(names)}
    adjacent = [0] * n  # bitmask of each relation's neighbours
    sel_to = [[] for _ in range(n)]  # (neighbour, selectivity)
    for pair, sel in edges.items():
        a, b = (index[x] for x in pair)
        adjacent[a] |= 1 << b
        adjacent[b] |= 1 << a
        sel_to[a].append((b, sel))
        sel_to[b].append((a, sel))

    full = (1 << n) - 1
    size = [1.0] * (full + 1)  # rows of the join of each subset: plan-independent
    neighbours = [0] * (full + 1)
    for s in range(1, full + 1):
        low = (s & -s).bit_length() - 1
        rest = s & (s - 1)
        rows = size[rest] * cardinalities[names[low]]
        for j, sel in sel_to[low]:
            if rest >> j & 1:
                rows *= sel
        size[s] = rows
        neighbours[s] = neighbours[rest] | adjacent[low]

    cost = [math.inf] * (full + 1)
    split = [0] * (full + 1)
    for i in range(n):
        cost[1 << i] = 0.0
    # Increasing s visits every subset before its supersets.
    for s in range(1, full + 1):
        if s & (s - 1) == 0:
            continue
        low = s & -s
        best, best_left = math.inf, 0
        left = (s - 1) & s
        while left:  # every left that holds s's lowest relation: each unordered split once
            if left & low:
                right = s ^ left
                c = cost[left] + cost[right]
                if c < best and (cross_products or neighbours[left] & right):
                    best, best_left = c, left
            left = (left - 1) & s
        if best_left:
            cost[s] = best + size[s]
            split[s] = best_left

    def build(s: int):
        if s & (s - 1) == 0:
            return names[s.bit_length() - 1]
        return (build(split[s]), build(s ^ split[s]))

    return build(full), cost[full]


def explain_filtered_join(tables: dict, on, where) -> str:
    """EXPLAIN (FORMAT json) of SELECT * FROM a JOIN b ON on[0] = on[1] WHERE where, as text."""
    if not isinstance(tables, dict) or len(tables) != 2:
        raise JoinOrderError("malformed query: give exactly two tables {name: {column: values}}")

    def column(ref) -> str:
        if not isinstance(ref, str) or ref.count(".") != 1:
            raise JoinOrderError(f"malformed query: a column is 'table.column', got {ref!r}")
        table, name = ref.split(".")
        if table not in tables:
            raise JoinOrderError(f"unknown table {table!r}")
        if name not in tables[table]:
            raise JoinOrderError(f"unknown column {ref!r}")
        return f'"{table}"."{name}"'

    if not isinstance(on, (list, tuple)) or len(on) != 2:
        raise JoinOrderError(f"malformed query: on is (left column, right column), got {on!r}")
    if not isinstance(where, (list, tuple)) or len(where) != 3 or where[1] not in OPERATORS:
        raise JoinOrderError(f"malformed query: where is (column, op, value) with op in {OPERATORS}, got {where!r}")
    left, right = column(on[0]), column(on[1])
    filtered, op, value = column(where[0]), where[1], where[2]
    literal = "'" + value.replace("'", "''") + "'" if isinstance(value, str) else repr(value)
    con = duckdb.connect()
    try:
        for name, columns in tables.items():
            con.register("staging", pa.table(columns))
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM staging')
            con.unregister("staging")
        a, b = tables
        sql = (f'SELECT * FROM "{a}" JOIN "{b}" ON {left} = {right} '
               f"WHERE {filtered} {'<>' if op == '!=' else op} {literal}")
        return con.execute("EXPLAIN (FORMAT json) " + sql).fetchall()[0][1]
    finally:
        con.close()
