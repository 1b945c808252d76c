"""Hidden tests for storage.lakehouse: the real deltalake reads every version of the
candidate's table and the candidate reads tables deltalake wrote (other types, merges,
overwrites); conflicts and retries, an overwrite retried on top of a concurrent append;
random histories against a plain-Python model; two real writer processes racing; a writer
killed with SIGKILL mid-stream; every bad input of the statement."""
import json
import time

import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata, processes
from graders.datagen import lakehouse as gen

lh = kata("storage.lakehouse")
SCHEMA = {"ride_id": pa.int64(), "city": pa.string(), "price": pa.float64(), "tip": pa.float64(),
          "paid": pa.bool_(), "note": pa.string()}


def arrow(data: dict) -> pa.Table:
    return pa.table({c: pa.array(v, SCHEMA[c]) for c, v in data.items()})


def log_actions(path, version):
    text = (path / "_delta_log" / f"{version:020d}.json").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- cheap tests first: each one stops a plausible wrong solution quickly ---------------------

def test_conflict_names_the_version_and_keeps_the_winners_commit(tmp_path):
    path = tmp_path / "t"
    for i in range(3):
        lh.write(str(path), arrow(gen.batch(i)))
    a, b = lh.Transaction(str(path)), lh.Transaction(str(path))
    a.stage(arrow(gen.batch(10)))
    b.stage(arrow(gen.batch(11)))
    assert a.commit() == 3, "the first of two writers on top of version 2 must commit version 3"
    winner = (path / "_delta_log" / f"{3:020d}.json").read_bytes()
    with pytest.raises(lh.CommitConflict, match=r"version 3 already exists: another writer committed first \(read version 2\)"):
        b.commit()
    assert (path / "_delta_log" / f"{3:020d}.json").read_bytes() == winner, (
        "after the losing commit() the log file of version 3 changed: the commit must be an exclusive create")
    got = gen.delta_rows(str(path), 3)
    model = gen.Model()
    for i in [0, 1, 2, 10]:
        model.write(gen.batch(i))
    assert got == model.at(3), f"deltalake read version 3 as {got}: expected the winner's rows only"
    assert b.commit(retries=2) == 4, "the loser's commit(retries=2) must land on version 4"


def test_the_log_times_are_milliseconds_since_the_epoch(tmp_path):
    path = tmp_path / "t"
    before = int(time.time() * 1000)
    lh.write(str(path), arrow(gen.batch(0)))
    lh.write(str(path), arrow(gen.batch(1)), mode="overwrite")
    after = int(time.time() * 1000) + 1
    stamps = []
    for version in (0, 1):
        for action in log_actions(path, version):
            for kind, field in (("metaData", "createdTime"), ("add", "modificationTime"), ("remove", "deletionTimestamp")):
                if kind in action:
                    stamps.append((version, kind, field, action[kind][field]))
    assert {kind for _, kind, _, _ in stamps} == {"metaData", "add", "remove"}, f"the log of a write and an overwrite holds {stamps}"
    protocols = [a["protocol"] for v in (0, 1) for a in log_actions(path, v) if "protocol" in a]
    assert protocols == [{"minReaderVersion": 1, "minWriterVersion": 2}], (
        f"versions 0 and 1 hold the protocol actions {protocols}, expected one, in version 0: reader 1, writer 2")
    for version, kind, field, value in stamps:
        assert type(value) is int and before <= value <= after, (
            f"version {version}: {kind}.{field} is {value!r}, expected an int of milliseconds since the epoch "
            f"in [{before}, {after}] (the time of the commit)")


def test_an_empty_log_folder_is_a_table_not_created_yet(tmp_path):
    path = tmp_path / "t"
    (path / "_delta_log").mkdir(parents=True)  # e.g. a first writer killed before its commit
    t = lh.Transaction(str(path))
    assert t.read_version == -1, f"Transaction on a table whose _delta_log holds no commit: read_version {t.read_version}, expected -1"
    t.stage(arrow(gen.batch(0)))
    assert t.commit() == 0, "the first commit into an empty _delta_log must be version 0"
    model = gen.Model()
    model.write(gen.batch(0))
    got = gen.delta_rows(str(path), 0)
    assert got == model.at(0), f"deltalake read version 0 of a table begun in an empty _delta_log as {got}, expected {model.at(0)}"


def test_one_retry_is_enough_for_one_conflict(tmp_path):
    path = tmp_path / "t"
    lh.write(str(path), arrow(gen.batch(0)))
    a, b = lh.Transaction(str(path)), lh.Transaction(str(path))
    a.stage(arrow(gen.batch(1)))
    b.stage(arrow(gen.batch(2)))
    assert a.commit() == 1, "the first of two writers on top of version 0 must commit version 1"
    got = b.commit(retries=1)
    assert got == 2, f"the loser's commit(retries=1) returned {got}: one retry must land it on version 2"


def test_overwrite_removes_every_active_file(tmp_path):
    path = str(tmp_path / "t")
    model = gen.Model()
    for i, mode in enumerate(["append", "append", "overwrite", "append", "overwrite"]):
        model.write(gen.batch(i, n=2 + i), mode)
        lh.write(path, arrow(gen.batch(i, n=2 + i)), mode=mode)
    for v in range(5):
        got = gen.delta_rows(path, v)
        assert got == model.at(v), f"deltalake read version {v} as {got}, expected {model.at(v)}"
        got = gen.rows(lh.read_table(path, v))
        assert got == model.at(v), f"read_table(t, {v}) returned {got}, expected {model.at(v)}"
    got = lh.active_files(path)
    assert len(got) == 1, f"after an overwrite and nothing else, active_files(t) returned {got}: expected one file"


def test_time_travel_reads_each_version(tmp_path):
    path = str(tmp_path / "t")
    model = gen.Model()
    for i in range(5):
        model.write(gen.batch(i, n=i + 1, seed=3))
        lh.write(path, arrow(gen.batch(i, n=i + 1, seed=3)))
    for v in range(5):
        got = gen.rows(lh.read_table(path, version=v))
        assert got == model.at(v), f"read_table(t, version={v}) returned {len(got)} rows, expected {len(model.at(v))}"
        files = lh.active_files(path, version=v)
        assert len(files) == v + 1, f"active_files(t, version={v}) returned {files}: expected {v + 1} files"
        assert files == sorted(files), f"active_files(t, version={v}) returned {files}, not sorted"


def test_schema_evolution_writes_new_metadata(tmp_path):
    path = tmp_path / "t"
    lh.write(str(path), arrow(gen.batch(0)))
    lh.write(str(path), arrow(gen.batch(1, columns=("price", "ride_id", "city"))))  # other column order
    lh.write(str(path), arrow(gen.batch(2, columns=("ride_id", "city", "price", "tip", "paid"))))
    assert not any("metaData" in a for a in log_actions(path, 1)), (
        "version 1 (same columns, other order) carries a metaData action: the schema did not change")
    metas = [a["metaData"] for a in log_actions(path, 2) if "metaData" in a]
    assert len(metas) == 1, f"version 2 adds columns tip and paid: it must carry one metaData action, found {len(metas)}"
    fields = json.loads(metas[0]["schemaString"])["fields"]
    got = [(f["name"], f["type"]) for f in fields]
    want = [("ride_id", "long"), ("city", "string"), ("price", "double"), ("tip", "double"), ("paid", "boolean")]
    assert got == want, f"version 2's schemaString fields are {got}, expected {want} (old columns first, new at the end)"
    cols = gen.delta_columns(str(path), 2)
    assert cols == [n for n, _ in want], f"deltalake reads version 2 with columns {cols}"
    assert gen.delta_columns(str(path), 1) == ["ride_id", "city", "price"], "deltalake reads version 1 with other columns"
    table = lh.read_table(str(path))
    assert table.schema == pa.schema([(n, SCHEMA[n]) for n, _ in want]), f"read_table(t).schema is {table.schema}"
    model = gen.Model()
    model.write(gen.batch(0))
    model.write(gen.batch(1, columns=("price", "ride_id", "city")))
    model.write(gen.batch(2, columns=("ride_id", "city", "price", "tip", "paid")))
    assert gen.rows(table) == model.at(2) == gen.delta_rows(str(path), 2), (
        "read_table(t) after adding columns: old rows must read the new columns as null")


def test_overwrite_retried_on_top_of_a_concurrent_append(tmp_path):
    path = str(tmp_path / "t")
    lh.write(path, arrow(gen.batch(0)))
    slow = lh.Transaction(path)
    slow.stage(arrow(gen.batch(1)), mode="overwrite")
    lh.write(path, arrow(gen.batch(2)))  # commits version 1 while the overwrite is in flight
    assert slow.commit(retries=3) == 2, "the overwrite retried on top of version 1 must commit version 2"
    got = gen.delta_rows(path, 2)
    assert got == gen.rows(arrow(gen.batch(1))), (
        f"deltalake read {got} after an overwrite retried on top of an append: the retry must remove "
        "every file active at version 1, including the append's")


def test_missing_data_file_is_an_error_not_an_empty_table(tmp_path):
    path = tmp_path / "t"
    lh.write(str(path), arrow(gen.batch(0)))
    lh.write(str(path), arrow(gen.batch(1)))
    added = [a["add"]["path"] for a in log_actions(path, 1) if "add" in a]
    (path / added[0]).unlink()
    assert gen.rows(lh.read_table(str(path), 0)) == gen.rows(arrow(gen.batch(0))), "version 0 is intact and must read"
    with pytest.raises(lh.LogError, match=rf"data file {added[0]} of version 1 is missing"):
        lh.read_table(str(path))


# --- the candidate reads what deltalake wrote --------------------------------------------------

def test_reads_deltalake_tables_with_other_types(tmp_path):
    import deltalake

    path = str(tmp_path / "dl")
    cols = ("ride_id", "city", "price", "paid")
    deltalake.write_deltalake(path, arrow(gen.batch(0, n=5, columns=cols)))
    deltalake.write_deltalake(path, arrow(gen.batch(1, n=4, columns=cols)), mode="append")
    deltalake.write_deltalake(path, arrow(gen.batch(2, n=3, columns=cols + ("note",))), mode="append", schema_mode="merge")
    deltalake.write_deltalake(path, arrow(gen.batch(3, n=2, columns=cols + ("note", "tip"))), mode="append", schema_mode="merge")
    deltalake.write_deltalake(path, arrow(gen.batch(4, n=1, columns=cols + ("note", "tip"))), mode="overwrite")
    deltalake.write_deltalake(path, arrow(gen.batch(5, n=2, columns=cols + ("note", "tip"))), mode="append")
    assert lh.latest_version(path) == 5, f"latest_version(<deltalake's table>) returned {lh.latest_version(path)}, expected 5"
    for v in range(6):
        expected = gen.delta_rows(path, v)
        got = lh.read_table(path, v)
        assert gen.rows(got) == expected, f"read_table(<deltalake's table>, {v}) returned {gen.rows(got)}, expected {expected}"
        assert got.column_names == gen.delta_columns(path, v), (
            f"read_table(<deltalake's table>, {v}) has columns {got.column_names}, deltalake reads {gen.delta_columns(path, v)}")
    # and the candidate appends on top of deltalake's table, deltalake reads the result
    lh.write(path, arrow(gen.batch(6, columns=cols + ("note", "tip"))))
    expected = sorted(gen.delta_rows(path, 5) + gen.rows(arrow(gen.batch(6, columns=cols + ("note", "tip")))), key=repr)
    assert sorted(gen.delta_rows(path, 6), key=repr) == expected, "deltalake cannot read your append on top of its table"


def test_empty_append_and_unknown_actions(tmp_path):
    path = tmp_path / "t"
    lh.write(str(path), arrow(gen.batch(0)))
    # another writer's commit with only actions this reader does not need
    (path / "_delta_log" / f"{1:020d}.json").write_text(
        json.dumps({"commitInfo": {"operation": "SET TBLPROPERTIES"}}) + "\n"
        + json.dumps({"txn": {"appId": "x", "version": 1}}) + "\n")
    assert lh.latest_version(str(path)) == 1, "latest_version must count a commit with no add"
    assert gen.rows(lh.read_table(str(path))) == gen.rows(arrow(gen.batch(0))), (
        "a commit of commitInfo and txn actions must not change the rows")
    assert lh.write(str(path), arrow({"ride_id": [], "city": [], "price": []})) == 2, "an empty append is a commit too"
    assert gen.delta_rows(str(path), 2) == gen.rows(arrow(gen.batch(0))), "deltalake reads version 2 wrong"


# --- random histories against the model ------------------------------------------------------

OPS = st.lists(st.tuples(st.sampled_from(["append", "overwrite"]), st.integers(0, 4),
                         st.sampled_from([(), ("tip",), ("paid",), ("tip", "note")]), st.booleans()),
               min_size=1, max_size=6)


@settings(max_examples=12, deadline=None)
@given(ops=OPS)
@example(ops=[("overwrite", 0, (), False)])                       # an overwrite creates the table
@example(ops=[("append", 0, (), False), ("overwrite", 0, (), False)])   # overwrite with nothing
@example(ops=[("append", 2, ("tip",), True), ("overwrite", 1, (), False), ("append", 1, ("paid",), True)])
def test_random_histories_read_by_deltalake_and_by_you(tmp_path_factory, ops):
    path = str(tmp_path_factory.mktemp("hist") / "t")
    model = gen.Model()
    for i, (mode, n, extra, orphan) in enumerate(ops):
        cols = list(model.columns) or ["ride_id", "city", "price"]
        cols += [c for c in extra if c not in cols]
        data = gen.batch(i, n=n, seed=5, columns=tuple(cols))
        if orphan and model.versions:  # a writer that died after staging: its file must never show up
            lh.Transaction(path).stage(arrow(data), mode)
        expected = model.write(data, mode)
        assert lh.write(path, arrow(data), mode=mode) == expected, f"write #{i} ({mode}) did not return {expected}"
    for v in range(len(model.versions)):
        got = gen.delta_rows(path, v)
        assert got == model.at(v), f"ops {ops}: deltalake read version {v} as {got}, expected {model.at(v)}"
        got = gen.rows(lh.read_table(path, v))
        assert got == model.at(v), f"ops {ops}: read_table(t, {v}) returned {got}, expected {model.at(v)}"


# --- real processes ----------------------------------------------------------------------

def test_two_writer_processes_race_and_lose_nothing(tmp_path):
    path = str(tmp_path / "t")
    lh.write(path, pa.table({"batch": [0] * 3, "row": [0, 1, 2]}))
    with processes.start("storage.lakehouse", "append_batches", path, 100, 8) as a, \
            processes.start("storage.lakehouse", "append_batches", path, 200, 8) as b:
        lines = a.lines(timeout=30) + b.lines(timeout=30)
        assert a.wait(timeout=30) == 0, f"writer A failed: {a.stderr_tail()}"
        assert b.wait(timeout=30) == 0, f"writer B failed: {b.stderr_tail()}"
    versions = sorted(int(line.split()[1]) for line in lines)
    assert versions == list(range(1, 17)), f"the two writers committed versions {versions}, expected 1..16 each once"
    seen = gen.delta_table(path).column("batch").to_pylist()
    assert sorted(seen) == sorted([i for i in [0] + list(range(100, 108)) + list(range(200, 208)) for _ in range(3)]), (
        f"deltalake read batches {sorted(set(seen))} after two racing writers: every batch exactly once")
    got = sorted(lh.read_table(path).column("batch").to_pylist())
    assert got == sorted(seen), "read_table(t) disagrees with deltalake after the race"


def test_a_writer_killed_mid_stream_leaves_every_version_readable(tmp_path):
    path = str(tmp_path / "t")
    lh.write(path, pa.table({"batch": [0] * 3, "row": [0, 1, 2]}))
    with processes.start("storage.lakehouse", "append_batches", path, 1, 10_000) as proc:
        for _ in range(15):
            assert proc.readline(timeout=20) is not None, f"the writer stopped: {proc.stderr_tail()}"
        proc.kill()
        proc.wait(timeout=10)
    last = lh.latest_version(path)
    assert last >= 15, f"latest_version after 15 printed commits is {last}"
    for v in [0, 1, last // 2, last - 1, last]:
        got = sorted(gen.delta_table(path, v).column("batch").to_pylist())
        assert got == sorted(i for i in range(v + 1) for _ in range(3)), (
            f"after SIGKILL, deltalake reads version {v} as batches {sorted(set(got))}, expected 0..{v}")
        assert sorted(lh.read_table(path, v).column("batch").to_pylist()) == got, f"read_table(t, {v}) disagrees with deltalake"


# --- bad input ---------------------------------------------------------------------------

def test_bad_input_messages(tmp_path):
    path = tmp_path / "t"
    p = str(path)
    with pytest.raises(lh.LogError, match=r"unknown version 2: the table has no versions"):
        lh.read_table(p, 2)
    lh.write(p, arrow(gen.batch(0)))
    with pytest.raises(lh.LogError, match=r"unknown version 1: the table has versions 0 to 0"):
        lh.read_table(p, 1)
    with pytest.raises(ValueError, match=r"^data lacks column 'city'"):  # version 0's schema binds too
        lh.write(p, arrow({"ride_id": [1], "price": [2.0]}))
    with pytest.raises(ValueError, match=r"^column 'price' is double in the table, string in the data"):
        lh.write(p, pa.table({"ride_id": [1], "city": ["x"], "price": ["2.0"]}))
    assert lh.latest_version(p) == 0, "a rejected write into a table of one version must not commit"
    lh.write(p, arrow(gen.batch(1)))
    lh.write(p, arrow(gen.batch(2)))
    for bad in [3, -1, 100]:
        with pytest.raises(lh.LogError, match=rf"unknown version {bad}: the table has versions 0 to 2"):
            lh.read_table(p, bad)
    with pytest.raises(lh.LogError, match=r"unknown version 5: the table has versions 0 to 2"):
        lh.active_files(p, 5)
    with pytest.raises(ValueError, match=r"unknown mode 'merge': use 'append' or 'overwrite'"):
        lh.write(p, arrow(gen.batch(3)), mode="merge")
    with pytest.raises(ValueError, match=r"data lacks column 'city'"):
        lh.write(p, arrow({"ride_id": [1], "price": [2.0]}))
    with pytest.raises(ValueError, match=r"column 'price' is double in the table, string in the data"):
        lh.write(p, pa.table({"ride_id": [1], "city": ["x"], "price": ["2.0"]}))
    with pytest.raises(ValueError, match=r"unsupported type timestamp\[us\] of column 'at'"):
        lh.write(p, pa.table({"ride_id": [1], "city": ["x"], "price": [2.0],
                              "at": pa.array([0], pa.timestamp("us"))}))
    assert lh.latest_version(p) == 2, "a rejected write must not commit"
    log = path / "_delta_log" / f"{2:020d}.json"
    whole = len(log.read_text().splitlines())
    log.write_text(log.read_text() + "{\"add\": {\"path\": \n")
    with pytest.raises(lh.LogError, match=rf"corrupt commit file 00000000000000000002\.json: line {whole + 1} is not JSON"):
        lh.read_table(p)
    assert gen.rows(lh.read_table(p, 1)) == gen.rows(arrow({k: gen.batch(0)[k] + gen.batch(1)[k] for k in gen.batch(0)})), (
        "version 1 is before the corrupt commit and must still read")
