"""Visible tests for storage.lakehouse. Run: pytest exercises/storage/test_lakehouse.py"""
import pyarrow as pa
import pytest

from graders import kata
from graders.datagen import lakehouse as gen

lh = kata("storage.lakehouse")


def test_statement_example_read_by_deltalake(tmp_path):
    path = str(tmp_path / "rides")
    model = gen.Model()
    sept = {"ride_id": [1, 2], "city": ["San Francisco", "Oakland"], "price": [18.5, 9.0]}
    more = {"ride_id": [3], "city": ["San Francisco"], "price": [30.0]}
    tipped = {"ride_id": [4], "city": ["Oakland"], "price": [7.0], "tip": [1.5]}
    octo = {"ride_id": [5], "city": ["Oakland"], "price": [12.0], "tip": [None]}
    for data, mode in [(sept, "append"), (more, "append"), (tipped, "append"), (octo, "overwrite")]:
        expected = model.write(data, mode)
        # [None] alone would be a null-typed column: say tip is a double
        arrow = pa.table({c: pa.array(v, pa.float64() if c == "tip" else None) for c, v in data.items()})
        got = lh.write(path, arrow, mode=mode)
        assert got == expected, f"write({path!r}, {data}, mode={mode!r}) returned version {got}, expected {expected}"
    for v in range(4):
        got = gen.delta_rows(path, v)
        assert got == model.at(v), (f"deltalake.DeltaTable(table, version={v}) read {got} from your log, "
                                    f"expected {model.at(v)}")
        got = gen.rows(lh.read_table(path, version=v))
        assert got == model.at(v), f"read_table(table, version={v}) returned {got}, expected {model.at(v)}"
    assert lh.latest_version(path) == 3, f"latest_version(table) returned {lh.latest_version(path)}, expected 3"
    tips = lh.read_table(path, version=2).column("tip").to_pylist()
    assert sorted(tips, key=repr) == [1.5, None, None, None], (
        f"read_table(table, version=2).column('tip') gave {tips}: the three rows written before the column existed must read null")


def test_your_reader_reads_a_table_deltalake_wrote(tmp_path):
    import deltalake

    path = str(tmp_path / "by_deltalake")
    deltalake.write_deltalake(path, pa.table(gen.batch(0)))
    deltalake.write_deltalake(path, pa.table(gen.batch(1)), mode="append")
    deltalake.write_deltalake(path, pa.table(gen.batch(2, columns=("ride_id", "city", "price", "tip"))),
                              mode="append", schema_mode="merge")
    deltalake.write_deltalake(path, pa.table(gen.batch(3, columns=("ride_id", "city", "price", "tip"))),
                              mode="overwrite")
    for v in range(4):
        expected = gen.delta_rows(path, v)
        got = gen.rows(lh.read_table(path, version=v))
        assert got == expected, f"read_table(<deltalake's table>, version={v}) returned {got}, expected {expected}"


def test_two_writers_one_version(tmp_path):
    path = str(tmp_path / "rides")
    lh.write(path, pa.table(gen.batch(0)))
    a, b = lh.Transaction(path), lh.Transaction(path)
    a.stage(pa.table(gen.batch(1)))
    b.stage(pa.table(gen.batch(2)))
    got = a.commit()
    assert got == 1, f"the first Transaction.commit() on top of version 0 returned {got}, expected 1"
    with pytest.raises(lh.CommitConflict, match=r"version 1 already exists"):
        b.commit()
    got = b.commit(retries=1)
    assert got == 2, f"the losing writer's commit(retries=1) returned {got}, expected 2 (retry on top of version 1)"
    model = gen.Model()
    for i in range(3):
        model.write(gen.batch(i))
    got = gen.delta_rows(path, 2)
    assert got == model.at(2), f"deltalake read version 2 as {got}, expected the rows of all three batches"


def test_a_staged_file_never_committed_changes_nothing(tmp_path):
    path = str(tmp_path / "rides")
    lh.write(path, pa.table(gen.batch(0)))
    before = gen.delta_rows(path)
    t = lh.Transaction(path)
    name = t.stage(pa.table(gen.batch(1)))  # the writer "dies" here: no commit
    assert (tmp_path / "rides" / name).is_file(), f"Transaction.stage() returned {name!r}, but no such file is in the table folder"
    assert lh.latest_version(path) == 0, f"after a stage() with no commit latest_version is {lh.latest_version(path)}, expected 0"
    assert gen.delta_rows(path) == before, "deltalake reads different rows after a stage() that was never committed"
    got = lh.active_files(path)
    assert name not in got, f"active_files(table) returned {got}: the uncommitted file {name!r} is not part of the table"


def test_bad_input(tmp_path):
    path = str(tmp_path / "rides")
    with pytest.raises(lh.LogError, match=r"unknown version 0: the table has no versions"):
        lh.read_table(path, version=0)
    lh.write(path, pa.table(gen.batch(0)))
    lh.write(path, pa.table(gen.batch(1)))
    with pytest.raises(lh.LogError, match=r"unknown version 7: the table has versions 0 to 1"):
        lh.read_table(path, version=7)
    with pytest.raises(ValueError, match=r"unknown mode 'upsert': use 'append' or 'overwrite'"):
        lh.write(path, pa.table(gen.batch(2)), mode="upsert")
    with pytest.raises(ValueError, match=r"data lacks column 'price'"):
        lh.write(path, pa.table({"ride_id": [1], "city": ["Oakland"]}))
    (file,) = lh.active_files(path, version=0)
    (tmp_path / "rides" / file).unlink()
    with pytest.raises(lh.LogError, match=rf"data file {file} of version 0 is missing"):
        lh.read_table(path)
    (tmp_path / "rides" / "_delta_log" / "00000000000000000001.json").write_text("{not json\n")
    with pytest.raises(lh.LogError, match=r"corrupt commit file 00000000000000000001\.json: line 1 is not JSON"):
        lh.read_table(path)
