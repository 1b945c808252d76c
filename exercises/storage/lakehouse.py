"""A lakehouse table real tools read: Parquet files plus a Delta Lake transaction log.

The deck: "Data Vendors today give you hybrid options with Data Lakehouses!", analytical
databases "with transactional powers" (Apache Iceberg, DuckDB), storage decoupled from
processing. A lakehouse table is nothing but files: immutable Parquet data files, and a log
of JSON commits saying which files make up the table at each version. Any engine that
speaks the protocol reads it; here the tests read your table with the real `deltalake`
package (delta-rs), and your reader reads tables that `deltalake.write_deltalake` wrote.

Layout of a table folder (Delta Lake protocol, reader version 1, writer version 2):

    rides/part-<uuid>.parquet                   data files, never modified
    rides/_delta_log/00000000000000000000.json  version 0: one JSON action per line
    rides/_delta_log/00000000000000000001.json  version 1 ...

Actions (one JSON object per line, one key each; a commit holds any number of them):

    {"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}}        version 0 only
    {"metaData": {"id": <uuid str>, "format": {"provider": "parquet", "options": {}},
                  "schemaString": schema_string(arrow_schema), "partitionColumns": [],
                  "configuration": {}, "createdTime": <ms>}}             version 0, and on
                                                                          every schema change
    {"add": {"path": "part-....parquet", "partitionValues": {}, "size": <bytes>,
             "modificationTime": <ms>, "dataChange": true}}              a file joins the table
    {"remove": {"path": "part-....parquet", "deletionTimestamp": <ms>, "dataChange": true}}
    {"commitInfo": {...}}                                                optional, ignored

The snapshot at version v replays commits 0..v in order: a file is active if its last add
comes after its last remove; the schema is the last metaData's. Time travel is reading an
older snapshot.

    >>> import pyarrow as pa
    >>> sept = pa.table({"ride_id": [1, 2], "city": ["San Francisco", "Oakland"],
    ...                  "price": [18.5, 9.0]})
    >>> write("rides", sept)                       # creates the table: version 0
    0
    >>> write("rides", pa.table({"ride_id": [3], "city": ["San Francisco"], "price": [30.0]}))
    1
    >>> read_table("rides").num_rows, read_table("rides", version=0).num_rows
    (3, 2)
    >>> write("rides", pa.table({"ride_id": [4], "city": ["Oakland"], "price": [7.0],
    ...                          "tip": [1.5]}))    # a new nullable column: schema evolution
    2
    >>> read_table("rides").column("tip").to_pylist()      # old files read with tip null
    [None, None, None, 1.5]
    >>> oct = pa.table({"ride_id": [5], "city": ["Oakland"], "price": [12.0], "tip": [None]},
    ...                schema=read_table("rides").schema)
    >>> write("rides", oct, mode="overwrite")      # remove every active file, add one
    3
    >>> read_table("rides").column("ride_id").to_pylist()
    [5]
    >>> import deltalake
    >>> deltalake.DeltaTable("rides", version=1).to_pyarrow_table().num_rows
    3

Optimistic concurrency. A Transaction remembers the version it read (read_version, -1 when
the table does not exist yet), stages its Parquet file with stage(), and commit() creates
the next log file, read_version + 1, EXCLUSIVELY (open(..., "x"), or write a temporary file
and os.link it: both fail if the file exists). Two writers that read version v both try to
create v + 1; the file system lets exactly one win. The loser gets CommitConflict; with
retries left it re-reads the latest snapshot, rebuilds its actions on top (an overwrite
removes every file active THERE) and tries the next version.

Rules.
- write(table, data, mode) with mode "append" or "overwrite" writes ONE new Parquet file
  (pyarrow.parquet.write_table) and commits it; it returns the committed version. It creates
  the table (protocol + metaData + add, version 0) if there is no _delta_log yet. An
  overwrite commits a remove for every active file and an add for the new one.
- Types: the columns are int64 ("long"), float64 ("double"), string ("string") and bool
  ("boolean"); the given schema_string / arrow_schema convert. Every field is nullable. The
  table is not partitioned (partitionValues {}).
- Schema: data must hold every column of the table, with the table's types (in any order:
  the file is written in the table's column order). Columns the table lacks are added at
  the end: the commit then carries a new metaData with the wider schema. Files written
  before read the new columns as null.
- read_table(table, version=None) returns the snapshot's rows (latest when version is None)
  as one pyarrow Table with the snapshot's schema, files in the order they were added.
  active_files returns the snapshot's data file paths (relative to the table folder), sorted.
  latest_version returns the newest version, -1 for a folder with no log.
- Nothing is lost: data files are written before the commit that names them, and a commit
  is one exclusive create. A writer that dies between the two (or a Transaction staged and
  never committed) leaves an orphan Parquet file the log never names: every version reads
  as before. Readers ignore actions they do not know (commitInfo, txn, ...).
- Tables written by deltalake.write_deltalake (append, overwrite, schema_mode="merge") read
  the same as deltalake itself reads them.

Bad input raises:
- CommitConflict (an Exception of its own) when the version is taken and no retries are
  left: "version 3 already exists: another writer committed first (read version 2)".
- LogError (a ValueError) for a log that cannot be read: a commit file that is not JSON
  ("corrupt commit file 00000000000000000002.json: line 1 is not JSON"), an add whose data
  file is gone ("data file part-x.parquet of version 1 is missing"), a version that does
  not exist ("unknown version 7: the table has versions 0 to 3"; "...: the table has no
  versions" when there is no log).
- ValueError for data that does not fit: a mode that is not "append" or "overwrite"
  ("unknown mode 'upsert': use 'append' or 'overwrite'"), a column the data lacks ("data
  lacks column 'price'"), a type that differs ("column 'price' is double in the table,
  string in the data") or that the table cannot hold ("unsupported type timestamp[us] of
  column 'at'").

Run its tests: pytest exercises/storage/test_lakehouse.py   (or: kata check storage.lakehouse)
"""
from __future__ import annotations

import json
import os  # noqa: F401  (os.link: an exclusive create of a finished file)
import time
import uuid  # noqa: F401  (unique data file names)
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq  # noqa: F401

# Delta's primitive type names for the Arrow types a table may hold.
DELTA_TYPES = {pa.int64(): "long", pa.float64(): "double", pa.string(): "string", pa.bool_(): "boolean"}
ARROW_TYPES = {v: k for k, v in DELTA_TYPES.items()}
ARROW_TYPES["integer"] = pa.int64()  # deltalake may write 32-bit columns; read them widened


class CommitConflict(Exception):
    """The next log version was created by another writer first."""


class LogError(ValueError):
    """The transaction log (or a file it names) cannot be read."""


def log_file(table: str, version: int) -> Path:
    """The commit file of `version`: <table>/_delta_log/<20-digit version>.json."""
    return Path(table) / "_delta_log" / f"{version:020d}.json"


def schema_string(schema: pa.Schema) -> str:
    """Delta's JSON schema of an Arrow schema (every field nullable)."""
    fields = []
    for field in schema:
        if field.type not in DELTA_TYPES:
            raise ValueError(f"unsupported type {field.type} of column {field.name!r}")
        fields.append({"name": field.name, "type": DELTA_TYPES[field.type], "nullable": True, "metadata": {}})
    return json.dumps({"type": "struct", "fields": fields})


def arrow_schema(schema_str: str) -> pa.Schema:
    """The Arrow schema of Delta's JSON schema (the inverse of schema_string)."""
    fields = json.loads(schema_str)["fields"]
    return pa.schema([pa.field(f["name"], ARROW_TYPES[f["type"]], nullable=True) for f in fields])


def now_ms() -> int:
    """Milliseconds since the epoch: the log's timestamps."""
    return int(time.time() * 1000)


def latest_version(table: str) -> int:
    """The newest committed version of the table; -1 if it has no _delta_log."""
    # TODO: the largest int(stem) of <table>/_delta_log/*.json whose stem is all digits; -1 if none
    raise NotImplementedError


def active_files(table: str, version: int | None = None) -> list[str]:
    """The data files (paths relative to the table folder) of the snapshot at `version`
    (latest when None), sorted."""
    # TODO: a helper both readers share: check the version (LogError "unknown version ..."),
    # TODO: replay log_file(table, 0..version) line by line (json.loads; a bad line -> LogError
    # TODO: "corrupt commit file <name>: line <n> is not JSON"): add -> active[path] = version,
    # TODO: remove -> drop it, metaData -> schema = arrow_schema(schemaString); ignore the rest
    raise NotImplementedError


def read_table(table: str, version: int | None = None) -> pa.Table:
    """The snapshot's rows as one Arrow table with the snapshot's schema; columns a file
    lacks are null."""
    # TODO: for each active path: missing file -> LogError("data file <path> of version <v> is missing");
    # TODO: pq.read_table it, then one column per schema field: the file's (cast) or pa.nulls(n, type)
    # TODO: pa.concat_tables of the parts; no active file -> schema.empty_table()
    raise NotImplementedError


class Transaction:
    """One write: read a version, stage a Parquet file, commit the next version."""

    def __init__(self, table: str):
        """Remember the table and the version read now: read_version (-1 for no table yet)."""
        # TODO: self.table, self.read_version = table, latest_version(table); nothing staged yet
        raise NotImplementedError

    def stage(self, data: pa.Table, mode: str = "append") -> str:
        """Write `data` as a new Parquet file in the table folder (nothing is committed);
        returns its path relative to the table folder."""
        # TODO: check mode, schema_string(data.schema) (unsupported types), and against the
        # TODO: table's schema at read_version: every column present, same type; select the
        # TODO: table's columns first, new ones after; pq.write_table to part-<uuid4>.parquet
        raise NotImplementedError

    def commit(self, retries: int = 0) -> int:
        """Commit the staged file as version read_version + 1 by an exclusive create of its
        log file; on CommitConflict re-read and retry up to `retries` times. Returns the
        committed version."""
        # TODO: loop: version = read_version + 1; build the actions from the snapshot at
        # TODO: read_version (protocol + metaData when creating, metaData for new columns,
        # TODO: removes for an overwrite, the add); write them to a temporary file in _delta_log,
        # TODO: os.link it to log_file(table, version); FileExistsError -> CommitConflict or retry
        raise NotImplementedError


def write(table: str, data: pa.Table, mode: str = "append", retries: int = 10) -> int:
    """Stage `data` and commit it (creating the table if needed), retrying on conflicts;
    returns the committed version."""
    # TODO: a Transaction, stage, commit(retries)
    raise NotImplementedError


def append_batches(table: str, first: int, count: int) -> None:
    """Append batches first .. first+count-1, each {"batch": [i] * 3, "row": [0, 1, 2]},
    printing "<batch> <version>" after each commit (used by the tests to race and kill)."""
    for i in range(first, first + count):
        version = write(table, pa.table({"batch": [i] * 3, "row": [0, 1, 2]}), retries=1000)
        print(i, version, flush=True)
