"""Hidden tests for storage.etl_elt: every record kind against the plain-Python oracle, ETL
and ELT alike; boundaries (midnight, leap day, cents and milliseconds, resends across
files, inputs passed out of order); idempotent reruns, stale days, other inputs untouched;
failed runs of every kind leave the output as it was; the raw table keeps lines as-is;
bad input."""
import json
import random
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata, processes
from graders.datagen import etl_elt as gen

ee = kata("storage.etl_elt")


def good(eid="x-1", ride=5, ts="2021-09-03T10:00:00Z", price=100, pu="cents", dur=60, du="s"):
    """One raw line; any field may be given a value of the wrong type."""
    return json.dumps({"event_id": eid, "ride_id": ride, "city": "Oakland", "ts": ts, "price": price,
                       "price_unit": pu, "duration": dur, "duration_unit": du})


def run_both(tmp_path, files: dict, order=None):
    """Run etl and elt over {name: lines}; return (etl counts, etl rows, etl rejects, elt counts, elt rows, elt rejects)."""
    paths = {name: gen.write_log(tmp_path / "logs" / f"{name}.jsonl", lines) for name, lines in files.items()}
    inputs = [paths[n] for n in (order or files)]
    out, db = str(tmp_path / "lake"), str(tmp_path / "w.duckdb")
    etl_counts = ee.etl(inputs, out)
    ee.elt_load(inputs, db)
    elt_counts = ee.elt_transform(db)
    elt_rejects = [(r["file"], r["line"], r["reason"]) for r in gen.elt_rows(db, "rejects")]
    return etl_counts, gen.etl_rows(out), gen.etl_rejects(out), elt_counts, gen.elt_rows(db), elt_rejects


def check_against_oracle(tmp_path, files, order=None, what="logs"):
    rows, counts, rejects = gen.oracle(files)
    etl_counts, etl_rows, etl_rej, elt_counts, elt_rows, elt_rej = run_both(tmp_path, files, order)
    assert etl_counts == counts, f"etl({what}) returned {etl_counts}, expected {counts}"
    assert etl_rej == rejects, f"etl({what}) wrote rejects {etl_rej}, expected {rejects}"
    assert etl_rows == rows, f"etl({what}) wrote clean rows {etl_rows}, expected {rows}"
    assert elt_counts == counts, f"elt_transform over {what} returned {elt_counts}, expected {counts}"
    assert elt_rej == rejects, f"elt_transform over {what} made rejects {elt_rej}, expected {rejects}"
    assert elt_rows == rows, f"elt_transform over {what} made clean rows {elt_rows}, expected {rows}"


# --- cheap, pointed tests first -----------------------------------------------------------

def test_every_record_kind_gets_its_reason(tmp_path):
    kinds = ["ok"] + [k for k in gen.KINDS for _ in range(2)]
    lines = gen.log_lines(kinds, seed=40)
    _, _, rejects = gen.oracle({"rides-01": lines})
    reasons = {line: reason for _, line, reason in rejects}
    for number, kind in enumerate(kinds, 1):  # the generator's own promise, before the kata's
        assert reasons.get(number) == gen.EXPECTED[kind], f"generator: line {number} ({kind}) {lines[number - 1]!r}"
    check_against_oracle(tmp_path, {"rides-01": lines}, what=f"a log with two lines of every kind: {kinds}")


def test_null_field_is_missing_not_wrong_type(tmp_path):
    lines = [good(), good("x-2").replace('"city": "Oakland"', '"city": null'),
             good("x-3").replace('"ts": "2021-09-03T10:00:00Z", ', ""), good("x-4").replace('"price": 100', '"price": null')]
    check_against_oracle(tmp_path, {"r": lines}, what="explicit nulls and an absent ts")


def test_arrays_and_scalars_are_bad_json(tmp_path):
    lines = [good(), "[1, 2, 3]", json.dumps([json.loads(good("x-9"))]), "42", "null", '"text"', "", " "]
    check_against_oracle(tmp_path, {"r": lines}, what="arrays, scalars and empty lines")


def test_wrong_types_and_timestamps(tmp_path):
    lines = [good("a-1", ride=True), good("a-2", ride="7.0"), good("a-3", ride=7.0), good("a-4", price="true"),
             good("a-5", dur="false"), good("a-6", ts="2021-9-3T10:00:00Z"), good("a-7", ts="2020-02-29T12:00:00Z"),
             good("a-8", ts="2021-02-29T12:00:00Z"), good("a-9", ts="2021-09-03 10:00:00Z"), good("a-10", ts="2021-09-03T10:00:00"),
             good("a-11", price=1e3), good("a-12", price=-250, dur=0), good("a-13", ride=-3)]
    check_against_oracle(tmp_path, {"r": lines}, what="wrong types and timestamps")


def test_resends_across_files_and_input_order_by_name(tmp_path):
    a = [good("e-1", ride=1), good("e-2", ride=2)]
    b = [good("e-2", ride=99), good("e-3", ride=3), good("e-1", ride=98)]
    # passed in the reverse order: rides-a still comes first, its e-1 and e-2 are kept
    check_against_oracle(tmp_path, {"rides-a": a, "rides-b": b}, order=["rides-b", "rides-a"],
                         what="[rides-b, rides-a] with resends across them")


def test_a_resend_after_an_invalid_first_copy_is_clean(tmp_path):
    lines = [good("e-1", ride="bad"), good("e-1", ride=1), good("e-1", ride=2), '{"event_id": "e-1"}']
    check_against_oracle(tmp_path, {"r": lines}, what="an invalid record, then two copies of e-1")


def test_units_and_midnight(tmp_path):
    lines = [good("u-1", price=1, pu="cents", dur=1, du="ms", ts="2021-09-03T23:59:59Z"),
             good("u-2", price=0.01, pu="dollars", dur=0.001, du="s", ts="2021-09-04T00:00:00Z"),
             good("u-3", price=123456789, pu="cents", dur=86400000, du="ms", ts="2021-12-31T23:59:59Z"),
             good("u-4", price=7, pu="dollars", dur=3, du="s", ts="2022-01-01T00:00:00Z")]
    check_against_oracle(tmp_path, {"r": lines}, what="unit boundaries around midnight")
    days = sorted(p.parent.name for p in (tmp_path / "lake").glob("date=*/*.parquet"))
    assert days == ["date=2021-09-03", "date=2021-09-04", "date=2021-12-31", "date=2022-01-01"], (
        f"etl wrote partitions {days}: a ride's day is the day of its ts")


def test_rerun_deletes_days_the_input_no_longer_has_and_keeps_others(tmp_path):
    logs = tmp_path / "logs"
    a = gen.write_log(logs / "rides-a.jsonl", [good("a-1", ts="2021-09-03T10:00:00Z"), good("a-2", ts="2021-09-05T10:00:00Z")])
    b = gen.write_log(logs / "rides-b.jsonl", [good("b-1", ts="2021-09-05T11:00:00Z")])
    out = str(tmp_path / "lake")
    ee.etl([a, b], out)
    b_before = gen.tree(out)["date=2021-09-05/rides-b.parquet"]
    gen.write_log(logs / "rides-a.jsonl", [good("a-1", ts="2021-09-03T10:00:00Z")])
    ee.etl([a], out)
    files = sorted(gen.tree(out))
    want = ["_rejects/rides-a.jsonl", "_rejects/rides-b.jsonl", "date=2021-09-03/rides-a.parquet",
            "date=2021-09-05/rides-b.parquet"]
    assert files == want, f"after rerunning the shortened rides-a the lake holds {files}, expected {want}"
    assert gen.tree(out)["date=2021-09-05/rides-b.parquet"] == b_before, "a run over rides-a changed rides-b's file"
    assert [r["event_id"] for r in gen.etl_rows(out)] == ["a-1", "b-1"], "stale rows of rides-a remain"


def test_failed_runs_of_every_kind_write_nothing(tmp_path):
    logs = tmp_path / "logs"
    first = gen.write_log(logs / "rides-01.jsonl", [good("o-1"), good("o-2", ts="2021-09-04T01:00:00Z")])
    out = str(tmp_path / "lake")
    ee.etl([first], out)
    before = gen.tree(out)
    gen.write_log(logs / "rides-01.jsonl", [good("o-1", ride=77)])  # its rerun would change the output
    fine = gen.write_log(logs / "rides-02.jsonl", [good(f"n-{i}") for i in range(20)])
    late = gen.write_log(logs / "rides-03.jsonl", [good("z-1"), good("z-2", pu="yen")])
    with pytest.raises(ee.UnknownUnit, match=r"unknown price_unit 'yen' in rides-03 line 2"):
        ee.etl([first, fine, late], out)
    assert gen.tree(out) == before, "a run that failed on its last input changed the output"
    with pytest.raises(FileNotFoundError, match=r"no such input"):
        ee.etl([first, fine, str(logs / "rides-04.jsonl")], out)
    assert gen.tree(out) == before, "a run with a missing input changed the output"
    with pytest.raises(ValueError, match=r"two inputs are named 'rides-02'"):
        ee.etl([fine, str(fine)], out)
    leftovers = sorted(p.name for p in (tmp_path / "lake").iterdir() if p.name.startswith("_") and p.name != "_rejects")
    assert not leftovers, f"failed runs left {leftovers} in the lake"
    assert gen.tree(out) == before


def test_a_run_killed_at_a_random_point_leaves_whole_files_and_the_rerun_completes(tmp_path):
    import pyarrow.parquet as pq

    files = {f"rides-{i:02}": gen.log_lines(gen.random_kinds(400, seed=i), seed=i, prefix=f"k{i}") for i in range(4)}
    inputs = [gen.write_log(tmp_path / "logs" / f"{name}.jsonl", lines) for name, lines in files.items()]
    rows, counts, _ = gen.oracle(files)
    started = time.monotonic()
    with processes.start("storage.etl_elt", "etl", inputs, str(tmp_path / "timing")) as proc:
        assert proc.wait(60) == 0, proc.stderr_tail()
    whole_run = time.monotonic() - started  # the process with its imports: the kills land inside it
    rnd = random.Random(11)
    for attempt in range(2):
        out = tmp_path / f"lake-{attempt}"
        ee.etl(inputs[:1], str(out))  # what was there before the run that gets killed
        with processes.start("storage.etl_elt", "etl", inputs, str(out)) as proc:
            time.sleep(rnd.uniform(0.5, 1.0) * whole_run)
            proc.kill()
        # Whether this kill landed while staging or not, an earlier one did:
        (out / "_staging-0ld0ld" / "date=2021-09-03").mkdir(parents=True, exist_ok=True)
        (out / "_staging-0ld0ld" / "date=2021-09-03" / "rides-00.parquet").write_bytes(b"PAR1 torn")
        for path in out.rglob("*.parquet"):
            if not path.relative_to(out).parts[0].startswith("_staging-"):
                pq.read_metadata(path)  # raises on a torn file
        assert ee.etl(inputs, str(out)) == counts, "the rerun after a kill must count as a clean run"
        assert gen.etl_rows(str(out)) == rows, f"after a kill (attempt {attempt}) and a rerun the lake differs"
        left = sorted(p.name for p in out.iterdir() if p.name.startswith("_staging-"))
        assert not left, f"the rerun after a kill left {left} in the lake"


def test_elt_load_keeps_lines_as_is_and_replaces_a_reloaded_input(tmp_path):
    logs = tmp_path / "logs"
    lines = ["  " + good("s-1") + "  ", "not json at all", "", good("s-2").replace('"Oakland"', '"Z\\u00fcrich"')]
    a = gen.write_log(logs / "rides-a.jsonl", lines)
    b = gen.write_log(logs / "rides-b.jsonl", [good("b-1")])
    db = str(tmp_path / "w.duckdb")
    assert ee.elt_load([a, b], db) == 5, "elt_load of 4 + 1 lines must load 5 rows"
    gen.write_log(logs / "rides-a.jsonl", lines[:2])
    assert ee.elt_load([a], db) == 2, "reloading rides-a (now 2 lines) must load 2 rows"
    raw = sorted((r["file"], r["line"], r["text"]) for r in gen.elt_rows(db, "raw"))
    want = [("rides-a", 1, lines[0]), ("rides-a", 2, lines[1]), ("rides-b", 1, good("b-1"))]
    assert raw == want, f"table raw holds {raw}, expected {want}: lines as-is, a reloaded input replaced"
    counts = ee.elt_transform(db)
    assert counts == {"clean": 2, "bad_json": 1, "missing_field": 0, "wrong_type": 0, "duplicate": 0}, (
        f"elt_transform returned {counts}")


def test_elt_transform_with_an_unknown_unit_keeps_the_old_tables(tmp_path):
    logs = tmp_path / "logs"
    db = str(tmp_path / "w.duckdb")
    a = gen.write_log(logs / "rides-a.jsonl", [good("a-1"), good("a-2")])
    ee.elt_load([a], db)
    assert ee.elt_transform(db)["clean"] == 2, "elt_transform over two clean lines must count 2 clean"
    before = gen.elt_rows(db)
    b = gen.write_log(logs / "rides-b.jsonl", [good("b-1"), good("b-2", du="hours"), good("b-3", pu="yen")])
    ee.elt_load([b], db)
    with pytest.raises(ee.UnknownUnit, match=r"unknown duration_unit 'hours' in rides-b line 2"):
        ee.elt_transform(db)
    assert gen.elt_rows(db) == before, "a failed elt_transform changed table clean"


def test_missing_input_for_elt_load_loads_nothing(tmp_path):
    logs = tmp_path / "logs"
    db = str(tmp_path / "w.duckdb")
    a = gen.write_log(logs / "rides-a.jsonl", [good("a-1")])
    ee.elt_load([a], db)
    with pytest.raises(FileNotFoundError, match=r"no such input: .*rides-z\.jsonl"):
        ee.elt_load([str(logs / "rides-z.jsonl"), a], db)
    assert len(gen.elt_rows(db, "raw")) == 1, "a failed elt_load changed table raw"


# --- fuzzing every kind together ------------------------------------------------------------

KIND_LISTS = st.lists(st.sampled_from(gen.KINDS), min_size=0, max_size=25)


@settings(max_examples=8, deadline=None)
@given(a=KIND_LISTS, b=KIND_LISTS, seed=st.integers(0, 10**6), shared=st.booleans())
@example(a=[], b=[], seed=0, shared=False)                                   # empty inputs
@example(a=["dup", "dup"], b=["dup"], seed=1, shared=True)                   # only resends
@example(a=["truncated", "garbage", "array", "empty"], b=["missing", "null"], seed=2, shared=False)
@example(a=["ok"] * 5, b=["ok"] * 5, seed=3, shared=True)                   # the same ids in both files
def test_fuzzed_logs_etl_elt_and_oracle_agree(tmp_path_factory, a, b, seed, shared):
    tmp = tmp_path_factory.mktemp("fuzz")
    files = {"rides-01": gen.log_lines(a, seed=seed), "rides-02": gen.log_lines(b, seed=seed + 1, prefix="e" if shared else "f")}
    check_against_oracle(tmp, files, order=["rides-02", "rides-01"], what=f"logs of kinds {a} and {b}")


def test_a_larger_day_of_logs(tmp_path):
    files = {f"rides-{k:02d}": gen.log_lines(gen.random_kinds(150, seed=100 + k), seed=100 + k,
                                             prefix="e" if k % 2 else "g") for k in range(4)}
    check_against_oracle(tmp_path, files, what="four logs of 150 lines")
