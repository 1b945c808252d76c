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
import os
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

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
    log = Path(table) / "_delta_log"
    if not log.is_dir():
        return -1
    versions = [int(p.stem) for p in log.glob("*.json") if p.stem.isdigit()]
    return max(versions, default=-1)


def _actions(table: str, version: int) -> list[dict]:
    path = log_file(table, version)
    actions = []
    for i, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            action = json.loads(line)
        except json.JSONDecodeError:
            raise LogError(f"corrupt commit file {path.name}: line {i} is not JSON") from None
        if not isinstance(action, dict):
            raise LogError(f"corrupt commit file {path.name}: line {i} is not JSON")
        actions.append(action)
    return actions


def _snapshot(table: str, version: int | None) -> tuple[int, pa.Schema, dict[str, int]]:
    """(version, schema, {active path: version that added it}) of the snapshot."""
    latest = latest_version(table)
    if version is None:
        version = latest
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version <= latest:
        have = "the table has no versions" if latest < 0 else f"the table has versions 0 to {latest}"
        raise LogError(f"unknown version {version}: {have}")
    schema, active = None, {}
    for v in range(version + 1):
        for action in _actions(table, v):
            if "metaData" in action:
                schema = arrow_schema(action["metaData"]["schemaString"])
            elif "add" in action:
                active[action["add"]["path"]] = v
            elif "remove" in action:
                active.pop(action["remove"]["path"], None)
    if schema is None:
        raise LogError(f"corrupt commit file {log_file(table, 0).name}: no metaData action")
    return version, schema, active


def active_files(table: str, version: int | None = None) -> list[str]:
    """The data files (paths relative to the table folder) of the snapshot at `version`
    (latest when None), sorted."""
    return sorted(_snapshot(table, version)[2])


def read_table(table: str, version: int | None = None) -> pa.Table:
    """The snapshot's rows as one Arrow table with the snapshot's schema; columns a file
    lacks are null."""
    _, schema, active = _snapshot(table, version)
    parts = []
    for path, added in active.items():
        full = Path(table) / path
        if not full.is_file():
            raise LogError(f"data file {path} of version {added} is missing")
        part = pq.read_table(full)
        columns = []
        for field in schema:
            if field.name in part.column_names:
                columns.append(part.column(field.name).cast(field.type))
            else:
                columns.append(pa.nulls(part.num_rows, field.type))
        parts.append(pa.Table.from_arrays(columns, schema=schema))
    if not parts:
        return schema.empty_table()
    return pa.concat_tables(parts)


class Transaction:
    """One write: read a version, stage a Parquet file, commit the next version."""

    def __init__(self, table: str):
        """Remember the table and the version read now: read_version (-1 for no table yet)."""
        self.table = table
        self.read_version = latest_version(table)
        self.staged: dict | None = None  # {"path", "size", "mode", "schema"}

    def stage(self, data: pa.Table, mode: str = "append") -> str:
        """Write `data` as a new Parquet file in the table folder (nothing is committed);
        returns its path relative to the table folder."""
        if mode not in ("append", "overwrite"):
            raise ValueError(f"unknown mode {mode!r}: use 'append' or 'overwrite'")
        schema_string(data.schema)  # rejects unsupported types
        if self.read_version >= 0:
            old = _snapshot(self.table, self.read_version)[1]
            for field in old:
                if field.name not in data.column_names:
                    raise ValueError(f"data lacks column {field.name!r}")
                got = data.schema.field(field.name).type
                if got != field.type:
                    raise ValueError(f"column {field.name!r} is {DELTA_TYPES[field.type]} in the table, "
                                     f"{DELTA_TYPES[got]} in the data")
            names = old.names + [n for n in data.column_names if n not in old.names]
            data = data.select(names)
        name = f"part-{uuid.uuid4()}.parquet"
        Path(self.table).mkdir(parents=True, exist_ok=True)
        pq.write_table(data, Path(self.table) / name)
        self.staged = {"path": name, "size": (Path(self.table) / name).stat().st_size,
                       "mode": mode, "schema": data.schema}
        return name

    def _commit_actions(self) -> list[dict]:
        staged, now = self.staged, now_ms()
        actions: list[dict] = [{"commitInfo": {"timestamp": now, "operation": "WRITE",
                                               "operationParameters": {"mode": staged["mode"]}}}]
        if self.read_version < 0:
            actions.append({"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}})
            old = None
        else:
            _, old, active = _snapshot(self.table, self.read_version)
            if staged["mode"] == "overwrite":
                for path in sorted(active):
                    actions.append({"remove": {"path": path, "deletionTimestamp": now, "dataChange": True}})
        wider = staged["schema"] if old is None else [f for f in staged["schema"] if f.name not in old.names]
        if wider:
            # A retry may land on a schema another writer widened: keep its columns, add ours.
            schema = staged["schema"] if old is None else pa.schema(list(old) + wider)
            actions.append({"metaData": {"id": self._table_id(), "format": {"provider": "parquet", "options": {}},
                                         "schemaString": schema_string(schema),
                                         "partitionColumns": [], "configuration": {}, "createdTime": now}})
        actions.append({"add": {"path": staged["path"], "partitionValues": {}, "size": staged["size"],
                                "modificationTime": now, "dataChange": True}})
        return actions

    def _table_id(self) -> str:
        # The table's id stays the one version 0 chose.
        for v in range(self.read_version + 1):
            for action in _actions(self.table, v):
                if "metaData" in action:
                    return action["metaData"]["id"]
        return str(uuid.uuid4())

    def commit(self, retries: int = 0) -> int:
        """Commit the staged file as version read_version + 1 by an exclusive create of its
        log file; on CommitConflict re-read and retry up to `retries` times. Returns the
        committed version."""
        if self.staged is None:
            raise ValueError("nothing staged: call stage() first")
        while True:
            version = self.read_version + 1
            body = "".join(json.dumps(a) + "\n" for a in self._commit_actions())
            path = log_file(self.table, version)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write the whole commit under a private name, then link it into place: the
            # link fails if the version exists, and readers never see a half-written file.
            tmp = path.parent / f".tmp-{uuid.uuid4()}.json"
            tmp.write_text(body)
            try:
                os.link(tmp, path)
                return version
            except FileExistsError:
                if retries <= 0:
                    raise CommitConflict(f"version {version} already exists: another writer "
                                         f"committed first (read version {self.read_version})") from None
                retries -= 1
                self.read_version = latest_version(self.table)
            finally:
                tmp.unlink()


def write(table: str, data: pa.Table, mode: str = "append", retries: int = 10) -> int:
    """Stage `data` and commit it (creating the table if needed), retrying on conflicts;
    returns the committed version."""
    txn = Transaction(table)
    txn.stage(data, mode)
    return txn.commit(retries)


def append_batches(table: str, first: int, count: int) -> None:
    """Append batches first .. first+count-1, each {"batch": [i] * 3, "row": [0, 1, 2]},
    printing "<batch> <version>" after each commit (used by the tests to race and kill)."""
    for i in range(first, first + count):
        version = write(table, pa.table({"batch": [i] * 3, "row": [0, 1, 2]}), retries=1000)
        print(i, version, flush=True)
