"""Visible tests for storage.etl_elt. Run: pytest exercises/storage/test_etl_elt.py"""
from datetime import date, datetime

import pytest

from graders import kata
from graders.datagen import etl_elt as gen

ee = kata("storage.etl_elt")

# The statement's logs/rides-01.jsonl
RIDES_01 = [
    '{"event_id": "e-1", "ride_id": 17, "city": "San Francisco", "ts": "2021-09-03T08:15:00Z", "price": 1850, "price_unit": "cents", "duration": 1500000, "duration_unit": "ms"}',
    '{"event_id": "e-2", "ride_id": 18, "city": "Oakl',
    '{"event_id": "e-3", "ride_id": 19, "city": "Oakland", "ts": "2021-09-03T09:00:00Z", "price_unit": "dollars", "duration": 600, "duration_unit": "s"}',
    '{"event_id": "e-4", "ride_id": "20", "city": "Oakland", "ts": "2021-09-03T09:30:00Z", "price": 9.5, "price_unit": "dollars", "duration": 700, "duration_unit": "s"}',
    '{"event_id": "e-5", "ride_id": 21, "city": "San Francisco", "ts": "2021-09-03T23:59:59Z", "price": 30.25, "price_unit": "dollars", "duration": 1800, "duration_unit": "s"}',
    '{"event_id": "e-1", "ride_id": 17, "city": "San Francisco", "ts": "2021-09-03T08:15:00Z", "price": 1850, "price_unit": "cents", "duration": 1500000, "duration_unit": "ms"}',
    '{"event_id": "e-7", "ride_id": 22, "city": "Oakland", "ts": "2021-09-04T00:00:00Z", "price": 1200, "price_unit": "cents", "duration": 900500, "duration_unit": "ms"}',
]
COUNTS_01 = {"clean": 3, "bad_json": 1, "missing_field": 1, "wrong_type": 1, "duplicate": 1}
CLEAN_01 = [
    {"event_id": "e-1", "ride_id": 17, "city": "San Francisco", "ts": datetime(2021, 9, 3, 8, 15),
     "price_usd": 18.5, "duration_s": 1500.0, "date": date(2021, 9, 3)},
    {"event_id": "e-5", "ride_id": 21, "city": "San Francisco", "ts": datetime(2021, 9, 3, 23, 59, 59),
     "price_usd": 30.25, "duration_s": 1800.0, "date": date(2021, 9, 3)},
    {"event_id": "e-7", "ride_id": 22, "city": "Oakland", "ts": datetime(2021, 9, 4),
     "price_usd": 12.0, "duration_s": 900.5, "date": date(2021, 9, 4)},
]


def logs(tmp_path, **files):
    return [gen.write_log(tmp_path / "logs" / f"{name.replace('_', '-')}.jsonl", lines) for name, lines in files.items()]


def test_statement_example_etl(tmp_path):
    (path,) = logs(tmp_path, rides_01=RIDES_01)
    out = str(tmp_path / "lake")
    got = ee.etl([path], out)
    assert got == COUNTS_01, f"etl([rides-01.jsonl], lake) returned {got}, expected {COUNTS_01}"
    files = sorted(gen.tree(out))
    want = ["_rejects/rides-01.jsonl", "date=2021-09-03/rides-01.parquet", "date=2021-09-04/rides-01.parquet"]
    assert files == want, f"etl wrote {files}, expected {want}"
    got = gen.etl_rows(out)
    assert got == CLEAN_01, f"the Parquet files etl wrote hold {got}, expected {CLEAN_01}"
    got = gen.etl_rejects(out)
    want = [("rides-01", 2, "bad_json"), ("rides-01", 3, "missing_field"), ("rides-01", 4, "wrong_type"),
            ("rides-01", 6, "duplicate")]
    assert got == want, f"lake/_rejects/rides-01.jsonl holds {got}, expected {want}"


def test_statement_example_elt(tmp_path):
    (path,) = logs(tmp_path, rides_01=RIDES_01)
    db = str(tmp_path / "warehouse.duckdb")
    got = ee.elt_load([path], db)
    assert got == 7, f"elt_load([rides-01.jsonl], db) returned {got}, expected 7 raw rows"
    raw = gen.elt_rows(db, "raw")
    want = [{"file": "rides-01", "line": i, "text": t} for i, t in enumerate(RIDES_01, 1)]
    assert sorted(raw, key=lambda r: r["line"]) == want, f"table raw holds {raw}, expected every line as-is"
    got = ee.elt_transform(db)
    assert got == COUNTS_01, f"elt_transform(db) returned {got}, expected {COUNTS_01}"
    got = gen.elt_rows(db, "clean")
    assert got == CLEAN_01, f"table clean holds {got}, expected {CLEAN_01}"


def test_etl_and_elt_agree_with_the_oracle(tmp_path):
    files = {f"rides-{k:02d}": gen.log_lines(gen.random_kinds(60, seed=k), seed=k, prefix="e") for k in range(2)}
    paths = [gen.write_log(tmp_path / "logs" / f"{name}.jsonl", lines) for name, lines in files.items()]
    rows, counts, rejects = gen.oracle(files)
    got = ee.etl(paths, str(tmp_path / "lake"))
    assert got == counts, f"etl(two generated logs) returned {got}, expected {counts}"
    assert gen.etl_rows(str(tmp_path / "lake")) == rows, "etl's clean rows differ from the statement's rules"
    assert gen.etl_rejects(str(tmp_path / "lake")) == rejects, "etl's reject logs differ from the statement's rules"
    db = str(tmp_path / "w.duckdb")
    ee.elt_load(paths, db)
    got = ee.elt_transform(db)
    assert got == counts, f"elt_transform over the same logs returned {got}, expected {counts}"
    got = gen.elt_rows(db)
    assert got == rows, "table clean differs from etl's rows and the statement's rules"
    got = [(r["file"], r["line"], r["reason"]) for r in gen.elt_rows(db, "rejects")]
    assert got == rejects, "table rejects differs from the statement's rules"


def test_rerun_replaces_and_a_new_input_adds(tmp_path):
    (first,) = logs(tmp_path, rides_01=RIDES_01)
    out = str(tmp_path / "lake")
    ee.etl([first], out)
    before = gen.tree(out)
    ee.etl([first], out)
    after = sorted(gen.tree(out))
    assert after == sorted(before), f"a rerun over the same input left {after}, expected {sorted(before)}"
    assert gen.etl_rows(out) == CLEAN_01, "a rerun over the same input changed the clean rows (duplicates?)"
    more = gen.log_lines(["ok", "ok"], seed=1, prefix="n")
    (second,) = logs(tmp_path, rides_02=more)
    ee.etl([second], out)
    got = gen.etl_rows(out)
    want = sorted(CLEAN_01 + gen.oracle({"rides-02": more})[0], key=lambda r: r["event_id"])
    assert got == want, f"after a run over a new input the lake holds {len(got)} rows, expected {len(want)}"


def test_a_failed_run_leaves_the_output_as_it_was(tmp_path):
    (first,) = logs(tmp_path, rides_01=RIDES_01)
    out = str(tmp_path / "lake")
    ee.etl([first], out)
    before = gen.tree(out)
    bad = gen.log_lines(["ok", "ok", "ok"], seed=2, prefix="b")
    bad[2] = bad[2].replace('"s"', '"min"').replace('"ms"', '"min"')
    new = gen.log_lines(["ok"] * 5, seed=3, prefix="a")
    paths = logs(tmp_path, rides_02=new, rides_03=bad)
    with pytest.raises(ee.UnknownUnit, match=r"unknown duration_unit 'min' in rides-03 line 3"):
        ee.etl(paths, out)
    assert gen.tree(out) == before, "a run that failed on rides-03 changed the output: nothing may be written"
    gen.write_log(tmp_path / "logs" / "rides-03.jsonl", bad[:2])
    ee.etl(paths, out)
    assert len(gen.etl_rows(out)) == 3 + 5 + 2, "the rerun after fixing rides-03 must load all its rows"


def test_bad_input(tmp_path):
    out = str(tmp_path / "lake")
    missing = str(tmp_path / "logs" / "rides-09.jsonl")
    with pytest.raises(FileNotFoundError, match=r"no such input: .*rides-09\.jsonl"):
        ee.etl([missing], out)
    with pytest.raises(FileNotFoundError, match=r"no such input: .*rides-09\.jsonl"):
        ee.elt_load([missing], str(tmp_path / "w.duckdb"))
    yen = [RIDES_01[0].replace('"cents"', '"yen"')]
    (path,) = logs(tmp_path, rides_02=yen)
    with pytest.raises(ee.UnknownUnit, match=r"unknown price_unit 'yen' in rides-02 line 1"):
        ee.etl([path], out)
    db = str(tmp_path / "w.duckdb")
    ee.elt_load([path], db)
    with pytest.raises(ee.UnknownUnit, match=r"unknown price_unit 'yen' in rides-02 line 1"):
        ee.elt_transform(db)
