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

import json
import os
import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

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


def _check_inputs(inputs: list[str]) -> list[str]:
    names = []
    for path in inputs:
        if not Path(path).is_file():
            raise FileNotFoundError(f"no such input: {path}")
        name = input_name(path)
        if name in names:
            raise ValueError(f"two inputs are named {name!r}")
        names.append(name)
    return names


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _timestamp(v) -> datetime | None:
    if not isinstance(v, str) or not re.fullmatch(TS_PATTERN, v):
        return None
    try:
        return datetime.strptime(v, TS_FORMAT)
    except ValueError:
        return None


def clean_record(line: str) -> tuple[str, dict | None]:
    """(reason, None) for a bad line, ("ok", row) for a valid one (units not yet checked:
    row keeps price, price_unit, duration, duration_unit)."""
    try:
        record = json.loads(line)
    except ValueError:
        return "bad_json", None
    if not isinstance(record, dict):
        return "bad_json", None
    if any(record.get(f) is None for f in FIELDS):
        return "missing_field", None
    ts = _timestamp(record["ts"])
    if (not isinstance(record["event_id"], str) or not isinstance(record["ride_id"], int)
            or isinstance(record["ride_id"], bool) or not isinstance(record["city"], str) or ts is None
            or not _is_number(record["price"]) or not _is_number(record["duration"])
            or not isinstance(record["price_unit"], str) or not isinstance(record["duration_unit"], str)):
        return "wrong_type", None
    return "ok", {**{f: record[f] for f in FIELDS}, "ts": ts}


def etl(inputs: list[str], out: str) -> dict:
    """Extract, transform, load: clean partitioned Parquet and reject logs under `out`;
    returns the run's counts."""
    names = _check_inputs(inputs)
    inputs, names = sorted(inputs, key=input_name), sorted(names)
    counts = {"clean": 0, **{r: 0 for r in REASONS}}
    seen: set[str] = set()
    per_input = []  # (name, {day: [rows]}, [rejects])
    for path, name in zip(inputs, names):
        days: dict[str, list[dict]] = {}
        rejects = []
        for number, line in enumerate(raw_lines(path), 1):
            reason, row = clean_record(line)
            if row is not None:
                for unit in UNITS:
                    if row[unit] not in UNITS[unit]:
                        raise UnknownUnit(f"unknown {unit} {row[unit]!r} in {name} line {number}")
                if row["event_id"] in seen:
                    reason = "duplicate"
            if reason != "ok":
                counts[reason] += 1
                rejects.append({"line": number, "reason": reason})
                continue
            seen.add(row["event_id"])
            counts["clean"] += 1
            days.setdefault(row["ts"].strftime("%Y-%m-%d"), []).append({
                "event_id": row["event_id"], "ride_id": row["ride_id"], "city": row["city"], "ts": row["ts"],
                "price_usd": float(row["price"]) / (100 if row["price_unit"] == "cents" else 1),
                "duration_s": float(row["duration"]) / (1000 if row["duration_unit"] == "ms" else 1)})
        per_input.append((name, days, rejects))

    out_dir = Path(out)
    for left in out_dir.glob("_staging-*"):  # a run killed outright could not remove its own
        shutil.rmtree(left, ignore_errors=True)
    staging = out_dir / f"_staging-{uuid.uuid4().hex}"
    try:
        moves = []  # (staged file, final place)
        for name, days, rejects in per_input:
            for day, rows in days.items():
                target = Path(f"date={day}") / f"{name}.parquet"
                (staging / target).parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.Table.from_pylist(rows, schema=CLEAN_SCHEMA), staging / target)
                moves.append(target)
            target = Path("_rejects") / f"{name}.jsonl"
            (staging / target).parent.mkdir(parents=True, exist_ok=True)
            (staging / target).write_text("".join(json.dumps(r) + "\n" for r in rejects))
            moves.append(target)
        # Every input is read and every file written: only renames are left.
        keep = {out_dir / m for m in moves}
        for name in names:
            for old in out_dir.glob(f"date=*/{name}.parquet"):
                if old not in keep:
                    old.unlink()
        for target in moves:
            (out_dir / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / target, out_dir / target)
        for folder in out_dir.glob("date=*"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def elt_load(inputs: list[str], db: str) -> int:
    """Extract, load: every raw line as-is into DuckDB table raw(file, line, text);
    returns the number of rows loaded."""
    names = _check_inputs(inputs)
    rows = {"file": [], "line": [], "text": []}
    for path, name in zip(inputs, names):
        for number, line in enumerate(raw_lines(path), 1):
            rows["file"].append(name)
            rows["line"].append(number)
            rows["text"].append(line)
    batch = pa.table(rows, schema=pa.schema([("file", pa.string()), ("line", pa.int64()), ("text", pa.string())]))
    con = duckdb.connect(db)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS raw (file VARCHAR, line BIGINT, text VARCHAR)")
        con.execute("BEGIN")
        con.execute("DELETE FROM raw WHERE list_contains(?, file)", [names])
        con.register("batch", batch)
        con.execute("INSERT INTO raw SELECT * FROM batch")
        con.execute("COMMIT")
    finally:
        con.close()
    return batch.num_rows


# The transform, in SQL over raw alone.
_TRANSFORM = f"""
CREATE OR REPLACE TEMP TABLE parsed AS
WITH typed AS (
    -- json_type of text that is not JSON is an error, not NULL: ask json_valid first
    SELECT *, CASE WHEN json_valid(text) THEN json_type(text) END = 'OBJECT' AS is_object FROM raw
), checked AS (
    SELECT *,
        CASE WHEN NOT coalesce(is_object, false) THEN 'bad_json'
             WHEN {" OR ".join(f"coalesce(json_type(text, '$.{f}'), 'NULL') = 'NULL'" for f in FIELDS)}
                  THEN 'missing_field'
             WHEN json_type(text, '$.event_id') <> 'VARCHAR'
               OR json_type(text, '$.ride_id') NOT IN ('BIGINT', 'UBIGINT')
               OR json_type(text, '$.city') <> 'VARCHAR'
               OR json_type(text, '$.ts') <> 'VARCHAR'
               OR NOT regexp_full_match(text ->> '$.ts', '{TS_PATTERN}')
               OR try_strptime(text ->> '$.ts', '{TS_FORMAT}') IS NULL
               OR json_type(text, '$.price') NOT IN ('BIGINT', 'UBIGINT', 'DOUBLE')
               OR json_type(text, '$.duration') NOT IN ('BIGINT', 'UBIGINT', 'DOUBLE')
               OR json_type(text, '$.price_unit') <> 'VARCHAR'
               OR json_type(text, '$.duration_unit') <> 'VARCHAR' THEN 'wrong_type'
             ELSE 'ok' END AS status
    FROM typed
)
SELECT file, line, status,
    CASE WHEN status = 'ok' THEN text ->> '$.event_id' END AS event_id,
    CASE WHEN status = 'ok' THEN (text ->> '$.ride_id')::BIGINT END AS ride_id,
    CASE WHEN status = 'ok' THEN text ->> '$.city' END AS city,
    CASE WHEN status = 'ok' THEN strptime(text ->> '$.ts', '{TS_FORMAT}') END AS ts,
    CASE WHEN status = 'ok' THEN (text ->> '$.price')::DOUBLE END AS price,
    CASE WHEN status = 'ok' THEN text ->> '$.price_unit' END AS price_unit,
    CASE WHEN status = 'ok' THEN (text ->> '$.duration')::DOUBLE END AS duration,
    CASE WHEN status = 'ok' THEN text ->> '$.duration_unit' END AS duration_unit
FROM checked
"""

_UNKNOWN_UNIT = """
SELECT file, line, unit, value FROM (
    SELECT file, line, 'price_unit' AS unit, price_unit AS value FROM parsed
    WHERE status = 'ok' AND price_unit NOT IN ('cents', 'dollars')
    UNION ALL
    SELECT file, line, 'duration_unit', duration_unit FROM parsed
    WHERE status = 'ok' AND duration_unit NOT IN ('s', 'ms')
) ORDER BY file, line, unit DESC LIMIT 1
"""

_FINAL = """
CREATE OR REPLACE TEMP TABLE judged AS
SELECT *, CASE WHEN status = 'ok' AND row_number() OVER (
              PARTITION BY event_id, status = 'ok' ORDER BY file, line) > 1 THEN 'duplicate'
          ELSE status END AS reason
FROM parsed;
CREATE OR REPLACE TABLE clean AS
SELECT event_id, ride_id, city, ts,
       CASE price_unit WHEN 'cents' THEN price / 100 ELSE price END AS price_usd,
       CASE duration_unit WHEN 'ms' THEN duration / 1000 ELSE duration END AS duration_s,
       ts::DATE AS date
FROM judged WHERE reason = 'ok' ORDER BY file, line;
CREATE OR REPLACE TABLE rejects AS
SELECT file, line, reason FROM judged WHERE reason <> 'ok' ORDER BY file, line;
"""


def elt_transform(db: str) -> dict:
    """Transform inside DuckDB: (re)create tables clean and rejects from raw by SQL;
    returns the counts."""
    con = duckdb.connect(db)
    try:
        con.execute(_TRANSFORM)
        bad = con.execute(_UNKNOWN_UNIT).fetchone()
        if bad is not None:
            file, line, unit, value = bad
            raise UnknownUnit(f"unknown {unit} {value!r} in {file} line {line}")
        con.execute("BEGIN")
        con.execute(_FINAL)
        con.execute("COMMIT")
        counts = dict(con.execute("SELECT reason, count(*) FROM rejects GROUP BY reason").fetchall())
        (clean,) = con.execute("SELECT count(*) FROM clean").fetchone()
    finally:
        con.close()
    return {"clean": clean, **{r: counts.get(r, 0) for r in REASONS}}
