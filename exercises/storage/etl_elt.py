"""ETL vs ELT: one messy ride log, cleaned before loading and after.

The deck: "ETL makes sense when you have a dump of structured data you can *readily* filter
out. If you don't want to keep data structured, the idea of ELT - Extract, Load, Transform
makes it faster." Build both over the same raw event logs and show they agree:

- ETL (etl): Python reads the JSON-lines files, rejects the bad records, converts units,
  drops resent events, and loads only clean rows: Parquet files partitioned hive-style by
  day, out/date=YYYY-MM-DD/<input name>.parquet, plus a reject log per input.
- ELT (elt_load + elt_transform): load every raw line as-is into a DuckDB table
  raw(file VARCHAR, line BIGINT, text VARCHAR), then transform INSIDE the database with SQL
  (json_valid, json_type, ->>, try_strptime, window functions) into tables clean and
  rejects. Nothing is thrown away at load time: a new rule later is one more query.

One raw record per line (UTF-8, lines split on "\\n"; a final newline ends the last line):

    {"event_id": "e-17", "ride_id": 17, "city": "San Francisco", "ts": "2021-09-03T08:15:00Z",
     "price": 1850, "price_unit": "cents", "duration": 1500000, "duration_unit": "ms"}

    clean column  type            from
    event_id      string          event_id (a JSON string)
    ride_id       int64           ride_id (a JSON integer, not a bool, not 17.0)
    city          string          city (a JSON string)
    ts            timestamp[us]   ts: a string "YYYY-MM-DDTHH:MM:SSZ" (digits 0-9, a real UTC
                                  date and time); its day is the partition, date=YYYY-MM-DD
    price_usd     float64         float(price) / 100 if price_unit == "cents";
                                  float(price) if "dollars" (price: a JSON number, not a bool)
    duration_s    float64         float(duration) / 1000 if duration_unit == "ms";
                                  float(duration) if "s"  (divide: price * 0.01 is not
                                  always price / 100 in floating point, and the tests
                                  compare floats exactly)

Each line is either clean or rejected for exactly one reason, checked in this order:

    bad_json       the line is not a JSON object (truncated, plain text, an array, empty)
    missing_field  one of the 8 fields above is absent or null (extra fields are ignored)
    wrong_type     a field has the wrong JSON type, or ts is not such a timestamp; the two
                   units must be strings
    duplicate      a valid record whose event_id an earlier valid record of the run has
                   (an event resent): the first one in input order is kept

Input order is by input name, then line: rides-01 line 9 comes before rides-02 line 1,
whatever order the inputs are passed in (for ELT, every input name in raw).

A unit that is a string but none of "cents"/"dollars" (price) or "s"/"ms" (duration) is not
a bad record but a new kind of data the pipeline cannot convert: the run stops with
UnknownUnit (see below) and writes nothing.

logs/rides-01.jsonl, the example (the tests hold it as RIDES_01):

    1 {"event_id": "e-1", "ride_id": 17, "city": "San Francisco", "ts": "2021-09-03T08:15:00Z", "price": 1850, "price_unit": "cents", "duration": 1500000, "duration_unit": "ms"}
    2 {"event_id": "e-2", "ride_id": 18, "city": "Oakl
    3 {"event_id": "e-3", "ride_id": 19, "city": "Oakland", "ts": "2021-09-03T09:00:00Z", "price_unit": "dollars", "duration": 600, "duration_unit": "s"}
    4 {"event_id": "e-4", "ride_id": "20", "city": "Oakland", "ts": "2021-09-03T09:30:00Z", "price": 9.5, "price_unit": "dollars", "duration": 700, "duration_unit": "s"}
    5 {"event_id": "e-5", "ride_id": 21, "city": "San Francisco", "ts": "2021-09-03T23:59:59Z", "price": 30.25, "price_unit": "dollars", "duration": 1800, "duration_unit": "s"}
    6 {"event_id": "e-1", "ride_id": 17, "city": "San Francisco", "ts": "2021-09-03T08:15:00Z", "price": 1850, "price_unit": "cents", "duration": 1500000, "duration_unit": "ms"}
    7 {"event_id": "e-7", "ride_id": 22, "city": "Oakland", "ts": "2021-09-04T00:00:00Z", "price": 1200, "price_unit": "cents", "duration": 900500, "duration_unit": "ms"}

Line 1 is clean (price_usd 18.5, duration_s 1500.0), 2 is cut short (bad_json), 3 has no price
(missing_field), 4 has ride_id "20" (wrong_type), 6 resends e-1 (duplicate); 5 and 7 are
clean, on two days either side of midnight.

    >>> counts = etl(["logs/rides-01.jsonl"], "lake")
    >>> counts
    {'clean': 3, 'bad_json': 1, 'missing_field': 1, 'wrong_type': 1, 'duplicate': 1}
    >>> sorted(p.relative_to("lake").as_posix() for p in Path("lake").rglob("*.*"))
    ['_rejects/rides-01.jsonl', 'date=2021-09-03/rides-01.parquet', 'date=2021-09-04/rides-01.parquet']
    >>> open("lake/_rejects/rides-01.jsonl").readline()
    '{"line": 2, "reason": "bad_json"}\\n'
    >>> elt_load(["logs/rides-01.jsonl"], "warehouse.duckdb")          # 7 raw rows, as-is
    7
    >>> elt_transform("warehouse.duckdb") == counts                    # tables clean, rejects
    True

Rules.
- etl(inputs, out) returns the run's counts (every key above, zeros included). Each input's
  clean rows go to out/date=<day>/<name>.parquet (name: the input's file name without
  .jsonl; rows in input order; the six columns above, the day is in the folder name), and
  its rejects to out/_rejects/<name>.jsonl, one {"line": <1-based>, "reason": ...} per
  rejected line, in order (an input with no rejects has an empty file).
- Idempotent: a run replaces every output file of the input names it covers (files of
  days the input no longer has are deleted too) and leaves other inputs' files alone. So a
  rerun over the same input gives the same output (no duplicate files or rows), and a run
  over a new input adds its files next to the old ones.
- Nothing is lost: a run writes everything into a staging folder inside out first and
  moves the files into place only once every input is read. A run that fails (a missing
  input, an unknown unit) leaves out exactly as it was, staging folder removed; a rerun
  then completes. A run killed outright (SIGKILL: no finally runs) leaves whole files only
  (a rename is atomic) and maybe its _staging-* folder, which readers never see (it is no
  date= partition) and the next run removes before it stages.
- elt_load(inputs, db) stores each line as-is in raw (file = the input's name, line
  1-based, text = the line) and returns the number of rows loaded; loading an input name
  again replaces its rows. elt_transform(db) (re)creates, by SQL over raw only, the tables
  clean (the six columns plus date DATE) and rejects(file, line, reason), and returns the
  counts. Both open and close their own connection to the DuckDB file db.
- ETL and ELT agree: the same clean rows (ETL's Parquet read back with DuckDB,
  hive_partitioning) and the same counts and rejects, on any input.

Bad input raises:
- FileNotFoundError for an input that is not there ("no such input: logs/rides-09.jsonl"),
  from etl and elt_load, before anything is written.
- ValueError for two inputs with the same name ("two inputs are named 'rides-01'").
- UnknownUnit (a ValueError) for the first record, in input order, with an unknown unit
  ("unknown price_unit 'yen' in rides-02 line 7"; duration_unit alike), from etl and from
  elt_transform (which then leaves the tables it made before as they were).

Run its tests: pytest exercises/storage/test_etl_elt.py   (or: kata check storage.etl_elt)
"""
from __future__ import annotations

import json  # noqa: F401
import os  # noqa: F401  (os.replace: a staged file into place)
import re  # noqa: F401
import shutil  # noqa: F401
import uuid  # noqa: F401
from datetime import datetime  # noqa: F401
from pathlib import Path

import duckdb  # noqa: F401
import pyarrow as pa
import pyarrow.parquet as pq  # noqa: F401

FIELDS = ["event_id", "ride_id", "city", "ts", "price", "price_unit", "duration", "duration_unit"]
REASONS = ["bad_json", "missing_field", "wrong_type", "duplicate"]
UNITS = {"price_unit": ("cents", "dollars"), "duration_unit": ("ms", "s")}
CLEAN_SCHEMA = pa.schema([("event_id", pa.string()), ("ride_id", pa.int64()), ("city", pa.string()),
                          ("ts", pa.timestamp("us")), ("price_usd", pa.float64()), ("duration_s", pa.float64())])
TS_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
TS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class UnknownUnit(ValueError):
    """A unit the pipeline has no conversion for."""


def input_name(path: str) -> str:
    """The name a raw input goes by: its file name without .jsonl."""
    name = Path(path).name
    return name[: -len(".jsonl")] if name.endswith(".jsonl") else name


def raw_lines(path: str) -> list[str]:
    """The lines of a raw file, exactly as written (no newline translation)."""
    text = Path(path).read_bytes().decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def clean_record(line: str) -> tuple[str, dict | None]:
    """(reason, None) for a bad line, ("ok", row) for a valid one (units not yet checked:
    row keeps price, price_unit, duration, duration_unit)."""
    # TODO: json.loads (ValueError, or not a dict -> "bad_json"); a field absent or None ->
    # TODO: "missing_field"; a wrong JSON type (bool is an int in Python!) or a ts that is not
    # TODO: re.fullmatch(TS_PATTERN) plus datetime.strptime(ts, TS_FORMAT) -> "wrong_type"
    raise NotImplementedError


def etl(inputs: list[str], out: str) -> dict:
    """Extract, transform, load: clean partitioned Parquet and reject logs under `out`;
    returns the run's counts."""
    # TODO: check the inputs (FileNotFoundError, two of the same name) before reading anything
    # TODO: read every input, in name order: clean_record, then the units (UnknownUnit), then
    # TODO: the event ids seen so far (duplicate); group the clean rows by day
    # TODO: only then write: Parquet (CLEAN_SCHEMA) and _rejects into a staging folder in out,
    # TODO: delete this run's old files, os.replace the staged ones into place, rmtree staging
    raise NotImplementedError


def elt_load(inputs: list[str], db: str) -> int:
    """Extract, load: every raw line as-is into DuckDB table raw(file, line, text);
    returns the number of rows loaded."""
    # TODO: check the inputs; raw_lines of each -> rows (file name, line number, text)
    # TODO: duckdb.connect(db); CREATE TABLE IF NOT EXISTS raw; DELETE the rows of these names;
    # TODO: insert the new ones (con.register an Arrow table, INSERT ... SELECT); close
    raise NotImplementedError


def elt_transform(db: str) -> dict:
    """Transform inside DuckDB: (re)create tables clean and rejects from raw by SQL;
    returns the counts."""
    # TODO: SQL over raw: CASE WHEN json_valid(text) THEN json_type(text) END = 'OBJECT';
    # TODO: json_type(text, '$.field') is NULL when absent, 'NULL' for null, else 'VARCHAR',
    # TODO: 'BIGINT'/'UBIGINT', 'DOUBLE', 'BOOLEAN', ...; text ->> '$.field' is its value as text;
    # TODO: regexp_full_match + try_strptime for ts; row_number() OVER (PARTITION BY event_id
    # TODO: ORDER BY file, line) for resends; the first unknown unit -> UnknownUnit before any
    # TODO: CREATE OR REPLACE TABLE clean / rejects; count the reasons
    raise NotImplementedError
