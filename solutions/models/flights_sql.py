"""SQL on nycflights13: joins, group-by, a window function and NULLs, declared in DuckDB.

The deck: SQL is declarative, "we just say what we want, not how to do it", and the optimizer
"has to find the most efficient way to execute the query". Ask three questions of the real
New York flights of 2013 (336,776 flights, 16 airlines, 3,322 planes), each in one DuckDB SQL
statement, then write two of them again as Python loops over rows, the way a team that avoided
SQL would, and measure what the declaration bought.

The data is a folder of nycflights13 CSVs (flights.csv, airlines.csv, airports.csv,
planes.csv; "NA" is a missing value). connect(folder) (given) loads every CSV of the folder
into one in-memory DuckDB, once per folder, a table per file, with the flights' carrier,
tailnum, origin and dest dictionary-encoded (ENUM types: small integers and one dictionary,
as Parquet stores such a column; they read back as str); rows(folder, table, *columns)
(given) reads columns from that database as a list of tuples, for the loops.

1. carrier_month(folder, month=None): for EVERY airline of airlines (by carrier code), in
   that month (None: the whole year): (carrier, name, flights, cancelled, avg_dep_delay). flights counts the scheduled
   flights, cancelled ones included; a flight is cancelled when its dep_time is NULL;
   avg_dep_delay is the mean dep_delay of the flights that have one (None when none has).
   An airline with no flights that month is a row (carrier, name, 0, 0, None).
2. top_delays(folder, origin, month, n): each carrier's longest departure delays from
   `origin` in `month`: rows (carrier, rank, day, flight, dep_delay) with
   rank = RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) <= n. Ties share a rank
   and the next rank skips (1, 2, 2, 4), so a tie at rank n keeps every tied flight. Flights
   without a dep_delay (cancelled) are never ranked.
3. manufacturer_delays(folder, carrier=None): the carrier's flights (None: every carrier's)
   by the maker of the plane (planes.manufacturer, joined on tailnum): (manufacturer, planes, flights, avg_arr_delay).
   planes counts distinct non-NULL tailnums, flights counts every flight (cancelled included), and
   avg_arr_delay skips NULL arr_delay (None when none has one). Flights whose tailnum is NULL
   or not in planes form one group, manufacturer None: they are flights too.
4. carrier_month_loop and manufacturer_delays_loop: questions 1 and 3 again, as plain Python
   loops over rows(...): no SQL but the given rows(). Same arguments, same checks, equal
   results.

    >>> folder = real_folder                         # flights.csv etc. of nycflights13
    >>> carrier_month(folder, 1)[:2]                 # January 2013
    [('9E', 'Endeavor Air Inc.', 1573, 75, 16.88...), ('AA', 'American Airlines Inc.', 2794, 59, 6.93...)]
    >>> top_delays(folder, "JFK", 1, 1)[:2]
    [('9E', 1, 25, 4019, 360), ('AA', 1, 2, 179, 337)]
    >>> manufacturer_delays(folder, "MQ")[:2]        # most of Envoy's planes are not in planes
    [(None, 233, 25397, 10.88...), ('GULFSTREAM AEROSPACE', 1, 486, 6.29...)]

Rules. Results are lists of tuples of Python values (str, int, float, None), ordered:
carrier_month by carrier; top_delays by carrier, rank, day, flight; manufacturer_delays by
flights (most first), then manufacturer, None last. NULL is not a value: `dep_time = NULL` is
never true (use IS NULL), COUNT(col) and AVG(col) skip NULLs, COUNT(*) does not. The hidden
tests compare every answer with plain Python over the CSV rows (never with SQL), on the full
year and on other months, origins, carriers and hand-made folders (an airline with no flights
in the month, a group whose every delay is NULL). Speed (hidden, measured in the same run on
the full year, month and carrier None): carrier_month is at least 20x faster than
carrier_month_loop, and manufacturer_delays at least 20x faster than manufacturer_delays_loop.
Both start from the same in-memory database. The loops must turn 336,776 rows into Python
tuples before they count; the query sends the question to the data and gets 16 rows back.
What SQL buys: no row objects, a vectorized, multi-threaded group-by over columns (of
dictionary codes, here), and a plan: aggregate the flights first, then join the small tables.

Bad input raises ValueError: a month that is not an integer 1..12 ("month must be an integer
1..12, got 13"), a carrier not in airlines ("unknown carrier 'ZZ'"), an origin not in
airports.faa ("unknown origin 'XXX'"), n not an integer >= 1 ("n must be an integer >= 1, got
0"). A folder without a table a question needs, or a table without a column it needs, raises
MissingDataError (a LookupError) whose message names the missing table or column (DuckDB's
own message does: wrap its CatalogException and BinderException).

Run its tests: pytest exercises/models/test_flights_sql.py   (or: kata check models.flights_sql)
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path

import duckdb

# Columns DuckDB must read as integers even when a small file has only NA in them.
INT_COLUMNS = ("year", "month", "day", "dep_time", "sched_dep_time", "dep_delay", "arr_time", "sched_arr_time",
               "arr_delay", "flight", "air_time", "distance", "hour", "minute", "engines", "seats", "speed")


# Text columns of few distinct values, stored as DuckDB ENUMs (they still read back as str).
CATEGORIES = {"flights": ("carrier", "tailnum", "origin", "dest")}


class MissingDataError(LookupError):
    """A question needs a table or a column the folder does not have."""


# --- given: the database and the rows ------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _database(folder: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()  # in memory: the CSVs are the data, the database is a cache of them
    for path in sorted(Path(folder).glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as text:
            header = next(csv.reader(text), [])
        types = {c: "BIGINT" for c in header if c in INT_COLUMNS}
        typed = f", types = {types!r}" if types else ""
        quoted = str(path).replace("'", "''")
        con.execute(f"CREATE TABLE {path.stem} AS SELECT * FROM read_csv('{quoted}', header = true, "
                    f"nullstr = 'NA'{typed})")
        for column in CATEGORIES.get(path.stem, ()):
            if column in header:  # dictionary-encode it: small integers and one dictionary, as Parquet does
                con.execute(f"CREATE TYPE {path.stem}_{column} AS ENUM (SELECT DISTINCT {column} FROM {path.stem} "
                            f"WHERE {column} IS NOT NULL ORDER BY 1)")
                con.execute(f"ALTER TABLE {path.stem} ALTER {column} TYPE {path.stem}_{column}")
    return con


def connect(folder) -> duckdb.DuckDBPyConnection:
    """Given: a cursor on the folder's in-memory DuckDB (loaded once per folder, a table per CSV)."""
    return _database(str(Path(folder).resolve())).cursor()


def rows(folder, table: str, *columns: str) -> list[tuple]:
    """Given: the columns of a table as a list of tuples, read from the database at each call
    (for the loops: an application that loops over rows first turns them into Python objects).

    >>> rows(folder, "airlines", "carrier", "name")[:1]
    [('9E', 'Endeavor Air Inc.')]
    """
    try:
        return connect(folder).execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    except (duckdb.CatalogException, duckdb.BinderException) as e:
        raise MissingDataError(f"{folder}: {e}") from e


# --- your part -------------------------------------------------------------------------------

def _query(folder, sql: str, params=()) -> list[tuple]:
    """Run one statement on the folder's database; a missing table or column -> MissingDataError."""
    try:
        return connect(folder).execute(sql, list(params)).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException) as e:
        raise MissingDataError(f"{folder}: {e}") from e


def _month(month) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be an integer 1..12, got {month!r}")
    return month


def _carrier(folder, carrier) -> str:
    if not _query(folder, "SELECT 1 FROM airlines WHERE carrier = ?", [carrier]):
        raise ValueError(f"unknown carrier {carrier!r}")
    return carrier


def _origin(folder, origin) -> str:
    if not _query(folder, "SELECT 1 FROM airports WHERE faa = ?", [origin]):
        raise ValueError(f"unknown origin {origin!r}")
    return origin


def _n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    return n


def carrier_month(folder, month: int | None = None) -> list[tuple]:
    """(carrier, name, flights, cancelled, avg_dep_delay) for every airline, in `month` (None: the year)."""
    params = [] if month is None else [_month(month)]
    in_month = "" if month is None else "WHERE month = ?"
    # Aggregate first, then join the 16 airlines: the group-by runs on narrow flight rows and
    # the join touches 16 groups, not 336,776 flights. The LEFT JOIN keeps the airlines with
    # no flights; their counts come back NULL, and COALESCE makes them the 0 they are.
    return _query(folder, f"""
        WITH per_carrier AS (
            SELECT carrier,
                   COUNT(*) AS flights,
                   count_if(dep_time IS NULL) AS cancelled,
                   AVG(dep_delay) AS avg_dep_delay
            FROM flights {in_month}
            GROUP BY carrier)
        SELECT a.carrier, a.name, COALESCE(c.flights, 0), COALESCE(c.cancelled, 0), c.avg_dep_delay
        FROM airlines a LEFT JOIN per_carrier c ON c.carrier = a.carrier
        ORDER BY a.carrier""", params)


def top_delays(folder, origin: str, month: int, n: int) -> list[tuple]:
    """(carrier, rank, day, flight, dep_delay): each carrier's n longest delays from origin."""
    month, n = _month(month), _n(n)
    origin = _origin(folder, origin)
    return _query(folder, """
        SELECT carrier, rnk, day, flight, dep_delay
        FROM (SELECT carrier, day, flight, dep_delay,
                     RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) AS rnk
              FROM flights
              WHERE origin = ? AND month = ? AND dep_delay IS NOT NULL)
        WHERE rnk <= ?
        ORDER BY carrier, rnk, day, flight, dep_delay""", [origin, month, n])


def manufacturer_delays(folder, carrier: str | None = None) -> list[tuple]:
    """(manufacturer, planes, flights, avg_arr_delay) for the carrier's flights (None: every
    carrier's), by plane maker."""
    params = [] if carrier is None else [_carrier(folder, carrier)]
    of_carrier = "" if carrier is None else "WHERE f.carrier = ?"
    # Aggregate the flights per plane first (about 4,000 tailnums), then join planes to those:
    # a per-plane row carries its flights and the sum and count of its delays, so the maker's
    # mean is sum / count, not a mean of means. LEFT JOIN: a plane missing from planes still
    # flew; its manufacturer is NULL, and GROUP BY puts all the NULLs in one group.
    return _query(folder, f"""
        WITH per_plane AS (
            SELECT tailnum, COUNT(*) AS flights, SUM(arr_delay) AS delay_sum, COUNT(arr_delay) AS delays
            FROM flights f {of_carrier}
            GROUP BY tailnum)
        SELECT p.manufacturer, COUNT(pp.tailnum) AS planes, SUM(pp.flights) AS flights,
               SUM(pp.delay_sum) / NULLIF(SUM(pp.delays), 0) AS avg_arr_delay
        FROM per_plane pp LEFT JOIN planes p ON p.tailnum = pp.tailnum
        GROUP BY p.manufacturer
        ORDER BY flights DESC, p.manufacturer NULLS LAST""", params)


def carrier_month_loop(folder, month: int | None = None) -> list[tuple]:
    """carrier_month as a Python loop over rows(folder, "flights", ...)."""
    month = None if month is None else _month(month)
    totals: dict[str, list] = {}
    for carrier, m, dep_time, dep_delay in rows(folder, "flights", "carrier", "month", "dep_time", "dep_delay"):
        if month is not None and m != month:
            continue
        t = totals.get(carrier)
        if t is None:
            t = totals[carrier] = [0, 0, 0, 0]  # flights, cancelled, sum of delays, delays
        t[0] += 1
        if dep_time is None:
            t[1] += 1
        if dep_delay is not None:
            t[2] += dep_delay
            t[3] += 1
    out = []
    for carrier, name in sorted(rows(folder, "airlines", "carrier", "name")):
        flights, cancelled, total, counted = totals.get(carrier, (0, 0, 0, 0))
        out.append((carrier, name, flights, cancelled, total / counted if counted else None))
    return out


def manufacturer_delays_loop(folder, carrier: str | None = None) -> list[tuple]:
    """manufacturer_delays as a Python loop over rows(...)."""
    carrier = None if carrier is None else _carrier(folder, carrier)
    maker = dict(rows(folder, "planes", "tailnum", "manufacturer"))
    groups: dict[object, list] = {}
    for c, tailnum, arr_delay in rows(folder, "flights", "carrier", "tailnum", "arr_delay"):
        if carrier is not None and c != carrier:
            continue
        m = maker.get(tailnum)
        g = groups.get(m)
        if g is None:
            g = groups[m] = [set(), 0, 0, 0]  # tailnums, flights, sum of delays, delays
        if tailnum is not None:
            g[0].add(tailnum)
        g[1] += 1
        if arr_delay is not None:
            g[2] += arr_delay
            g[3] += 1
    out = [(m, len(tails), flights, total / counted if counted else None)
           for m, (tails, flights, total, counted) in groups.items()]
    return sorted(out, key=lambda r: (-r[2], r[0] is None, r[0] or ""))
