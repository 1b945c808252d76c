"""The graph model in recursive SQL: traversals of unknown depth with WITH RECURSIVE.

The book's graph example: find the people born in the USA. A person is born in a city, the
city is within a state, the state within a country, and nobody says how many levels there are
(a village within a county within a state...). A join per level cannot be written in advance;
a graph database walks the edges, and SQL can too: a recursive CTE keeps joining its own rows
to the edges until no new row appears. The deck lists the graph model's uses: social networks,
fraud detection, recommendations. Write three traversals, each as one WITH RECURSIVE statement
in DuckDB, over edges given as plain lists of pairs:

1. born_in(people, within, place): people is [(person, birthplace)], within is
   [(location, region)] ("Boston" is within "Massachusetts"). The sorted people born in
   `place` or anywhere within it, at any depth. A location may lie within several regions
   (a DAG), but never within itself: the hierarchy is checked first, whole.
2. friends_of_friends(friendships, person, k=2): friendships are undirected pairs. The sorted
   people whose shortest distance from `person` is exactly k: for k=2, friends of friends who
   are neither the person nor one of their friends. A self-loop (a, a) is no friendship.
3. fraud_ring(links, flagged) and fraud_rings(links, min_size=2): links are
   [(account, instrument)] pairs, an instrument being a card or a device. Two accounts are
   linked when they share an instrument, and linked accounts link on (transitively).
   fraud_ring: the sorted accounts of the flagged account's ring, the flagged one included.
   fraud_rings: every ring of at least min_size accounts, each a sorted list, largest first,
   then by first account.

    >>> people = [("alice", "Boston"), ("bob", "London"), ("carol", "Cambridge MA"), ("dan", "USA")]
    >>> within = [("Boston", "Massachusetts"), ("Cambridge MA", "Massachusetts"),
    ...           ("Massachusetts", "USA"), ("London", "England"), ("England", "UK")]
    >>> born_in(people, within, "USA")
    ['alice', 'carol', 'dan']
    >>> friends_of_friends([("ann", "ben"), ("ben", "cat"), ("cat", "ann"), ("cat", "dov")], "ann")
    ['dov']
    >>> links = [("acc1", "card:42"), ("acc2", "card:42"), ("acc2", "device:x"), ("acc3", "device:x"),
    ...          ("acc4", "card:7")]
    >>> fraud_ring(links, "acc1")
    ['acc1', 'acc2', 'acc3']
    >>> fraud_rings(links)
    [['acc1', 'acc2', 'acc3']]

Rules. Every traversal is one DuckDB statement with WITH RECURSIVE (Python only loads the
pairs, checks input and returns the rows). Graphs have cycles, self-loops, duplicate edges and
disconnected parts, and no traversal may loop on them: UNION (not UNION ALL) drops the rows a
step has already produced, so the recursion stops when a step adds nothing new; or bound the
depth. Ids are strings, results sorted lists of them. The hidden tests compare every answer
with networkx (breadth-first search, connected components) on random graphs from hypothesis
(cycles, self-loops, disconnected parts), and time nothing.

Bad input raises ValueError: an edge list that is not a list of pairs of strings ("within[2]
is not a pair of strings: ('Boston',)"), an unknown id ("unknown location 'Mars'": in no
pair of people or within; "unknown person 'zed'": in no friendship; "unknown account 'acc9'":
in no link), k or min_size not an integer >= 1 ("k must be an integer >= 1, got 0",
"min_size must be an integer >= 1, got 0"). A within hierarchy with a cycle (a location within
itself, directly or through a chain) raises CycleError (a ValueError) naming the smallest
such location: "the within hierarchy has a cycle: 'Boston' is within itself".

Run its tests: pytest exercises/models/test_graph_traversal.py   (or: kata check models.graph_traversal)
"""
from __future__ import annotations

import functools
import itertools

import duckdb
import pyarrow as pa


class CycleError(ValueError):
    """A hierarchy that must have no cycle has one."""


# --- given: one database, a table per edge list -------------------------------------------

_NAMES = itertools.count(1)


@functools.lru_cache(maxsize=1)
def _database() -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    # One thread: DuckDB 1.5.5 run on several threads now and then drops rows from a recursive
    # CTE with UNION (a friends-of-friends query here: 20 wrong answers in 300 runs, none on one
    # thread). These graphs are small; a second thread would buy nothing anyway.
    db.execute("SET threads = 1")
    return db


def connect() -> duckdb.DuckDBPyConnection:
    """Given: a cursor on this module's one in-memory DuckDB."""
    return _database().cursor()


def load_pairs(con: duckdb.DuckDBPyConnection, columns: tuple[str, str], pairs) -> str:
    """Given: the pairs as a new VARCHAR table with the two columns; returns the table's name.

    >>> t = load_pairs(con, ("child", "parent"), [("Boston", "Massachusetts")])
    >>> con.execute(f"SELECT * FROM {t}").fetchall()
    [('Boston', 'Massachusetts')]
    """
    name = f"edges_{next(_NAMES)}"
    table = pa.table({columns[0]: pa.array([p[0] for p in pairs], pa.string()),
                      columns[1]: pa.array([p[1] for p in pairs], pa.string())})
    con.register(f"{name}_arrow", table)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")
    return name


# --- your part -------------------------------------------------------------------------------

def _pairs(pairs, what: str) -> list[tuple[str, str]]:
    """The edges as a list of (str, str), checked. (about 8 lines)"""
    # TODO: not a list (a str, a number) -> ValueError("within must be a list of pairs of strings, got int")
    # TODO: an item that is not a 2-tuple/list of str ->
    #       ValueError("within[2] is not a pair of strings: ('Boston',)")
    raise NotImplementedError("_pairs")


def _positive(value, what: str) -> int:
    """An int (not a bool) >= 1, checked. (about 3 lines)"""
    # TODO: 0 -> ValueError("k must be an integer >= 1, got 0")
    raise NotImplementedError("_positive")


def born_in(people, within, place: str) -> list[str]:
    """The sorted people born in `place` or in a location within it, at any depth. (about 30 lines)"""
    # TODO: check both edge lists; con = connect(); load_pairs(con, ("person", "location"), people),
    #       load_pairs(con, ("location", "region"), within); con.close() at the end (try/finally)
    # TODO: the cycle check, one statement: WITH RECURSIVE inside(location, region) AS (the within
    #       pairs UNION inside joined to within on inside.region = within.location) -> a row with
    #       location = region means a cycle: raise CycleError(...) naming min(location)
    # TODO: place in no pair of people or within -> ValueError("unknown location 'Mars'")
    # TODO: WITH RECURSIVE places(location) AS (SELECT ?::VARCHAR UNION the locations whose
    #       region is in places), then the people born in those places, DISTINCT, ORDER BY
    raise NotImplementedError("born_in")


def friends_of_friends(friendships, person: str, k: int = 2) -> list[str]:
    """The sorted people whose shortest distance from `person` is exactly k. (about 20 lines)"""
    # TODO: check; person in no friendship (self-loops do not count) -> ValueError("unknown person 'zed'")
    # TODO: edges both ways, self-loops dropped (WHERE a <> b)
    # TODO: reach(node, depth): (person, 0) UNION (neighbour, depth + 1) WHERE depth < k; then
    #       GROUP BY node HAVING min(depth) = k: [('ann', 0), ('ben', 1), ('cat', 1), ('dov', 2),
    #       ('ann', 2), ...] -> ['dov'] (ann is also reached at depth 2, but her distance is 0)
    raise NotImplementedError("friends_of_friends")


def fraud_ring(links, flagged: str) -> list[str]:
    """The sorted accounts linked to `flagged` through shared instruments, flagged included.
    (about 20 lines)"""
    # TODO: check; flagged in no link -> ValueError("unknown account 'acc9'")
    # TODO: pairs(a, b): accounts sharing an instrument (a self-join of the links on instrument)
    # TODO: ring(account): flagged UNION the b of every pair whose a is in ring
    raise NotImplementedError("fraud_ring")


def fraud_rings(links, min_size: int = 2) -> list[list[str]]:
    """Every ring of at least min_size accounts: sorted lists, largest first, then by first
    account. (about 20 lines)"""
    # TODO: reach(start, account): (every account, itself) UNION one more pair from each reached
    #       account; the ring's label is min(start) per account
    # TODO: SELECT list(account ORDER BY account) ... GROUP BY label HAVING count(*) >= ?
    #       ORDER BY count(*) DESC, label -> [['acc1', 'acc2', 'acc3']]
    raise NotImplementedError("fraud_rings")
