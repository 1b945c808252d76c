"""The isolating grader: the codec, and a real worker behind its walls driven through proxies."""
from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections import Counter, OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from graders import impl
from graders.isolation import codec, fastcalls, proxy
from graders.meters.timing import time_ratio

# --- the codec ---------------------------------------------------------------------------

PLAIN = [None, True, 7, -(2**80), 2.5, complex(1, -2), "é\u0000", b"\x00\xff", bytearray(b"ab"), [1, [2.0]], (1, "a"),
         {"k": {1, 2}}, frozenset({3}), Counter("aab"), OrderedDict(b=1, a=2), dt.date(2024, 3, 1),
         dt.datetime(2024, 3, 1, 8, 0, 0, 1, tzinfo=dt.timezone.utc), dt.timedelta(days=1, microseconds=5),
         dt.datetime(2024, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5))), dt.timezone.utc, Path("/a/b"),
         OrderedDict, np.float32(1.5), np.int64(-3)]


@pytest.mark.parametrize("value", PLAIN, ids=lambda v: type(v).__name__)
def test_plain_values_round_trip_with_their_types(value):
    back, _ = codec.decode(codec.encode(value)[0])
    assert back == value and type(back) is type(value), f"{value!r} came back as {back!r}"


@pytest.mark.parametrize("array", [
    np.arange(12, dtype=np.int32).reshape(3, 4), np.asfortranarray(np.ones((3, 2))), np.arange(10.0)[::-3],
    np.zeros(4, dtype=[("x", "f4"), ("y", "i8")]), np.zeros(3, dtype=np.dtype([("a", "u1"), ("b", "f8")], align=True)),
    np.zeros(5, dtype=[("x", "f4"), ("y", "i8")])["y"], np.array([], dtype=">f8"), np.array(["ab", "c"]),
    np.array(["2024-01-01"], dtype="datetime64[s]"),
], ids=["c-order", "f-order", "negative-stride", "structured", "aligned", "field-view", "empty-big-endian", "unicode",
        "datetime64"])
def test_arrays_keep_dtype_shape_and_strides(array):
    back, _ = codec.decode(codec.encode(array)[0])
    assert back.dtype == array.dtype and back.shape == array.shape and back.strides == array.strides
    assert np.array_equal(back, array) and back.flags.c_contiguous == array.flags.c_contiguous


def test_tables_and_frames_round_trip():
    df = pd.DataFrame({"a": [1, None], "s": ["x", None], "c": pd.Categorical(["u", "v"])})
    for value in (df, df["a"], pa.table({"a": [1, 2]}), pa.record_batch({"a": [1.5]})):
        back, _ = codec.decode(codec.encode(value)[0])
        assert type(back) is type(value) and back.equals(value)


class Rigged(int):
    def __eq__(self, other):
        return True


class Always:
    def __eq__(self, other):
        return True


class RiggedList(list):
    pass


@pytest.mark.parametrize("value", [Rigged(3), Always(), RiggedList([1]), np.array([Always()], dtype=object),
                                   [lambda: 0], {"k": Always()}], ids=["int-subclass", "always-equal",
                                                                       "list-subclass", "object-array", "function",
                                                                       "nested"])
def test_anything_else_is_refused_by_type(value):
    with pytest.raises(codec.NotPlainData, match=r"a value of type \S+, not plain data"):
        codec.encode(value)


def test_a_value_holding_itself_is_refused():
    loop: list = []
    loop.append(loop)
    with pytest.raises(codec.NotPlainData, match="contains itself"):
        codec.encode(loop)


@pytest.mark.parametrize("data", [b"", b"Q", b"s\xff\xff\xff\xff", codec.encode([1, 2])[0][:-3],
                                  codec.encode(1)[0] + b"N", b"r\x05\x00\x00\x00", b"y\x0b\x00\x00\x00os:system!!"],
                         ids=["empty", "unknown-tag", "long-length", "truncated", "trailing", "dangling-ref",
                              "not-a-class"])
def test_corrupt_bytes_raise_corrupt_message(data):
    with pytest.raises(codec.CorruptMessage):
        codec.decode(data)


# --- the fast form of requests (marshal, grader to worker only) ----------------------------

@pytest.mark.parametrize("value", [bytearray(b"ab"), np.arange(3), np.float64(1.0), memoryview(b"x"), Rigged(3),
                                   RiggedList([1]), Counter("ab"), dt.date(2024, 1, 1), [Always()]],
                         ids=["bytearray", "ndarray", "numpy-scalar", "memoryview", "int-subclass", "list-subclass",
                              "counter", "date", "object"])
def test_only_exact_plain_values_take_the_marshal_form(value):
    # marshal would turn a buffer into bytes and refuses subclasses: these must go by the codec
    assert not fastcalls.marshallable([1, value])
    assert fastcalls.call(1, "add", [value], {}) is None


def test_a_container_reached_twice_takes_the_codec(value=[1.0]):
    assert not fastcalls.marshallable([value, value]), "aliasing is the codec's job"
    loop: list = []
    loop.append(loop)
    assert not fastcalls.marshallable(loop)


def test_the_marshal_form_reads_back_as_the_codec_would_decode_it():
    target = object()
    args, kwargs = [1, -(2**80), float("nan"), "é\udc80", b"\x00", (None, True), {"k": {1, 2}}], {"at": 2.5}
    request = fastcalls.read(fastcalls.call(7, "add", args, kwargs), {7: target})
    assert request["op"] == "call" and request["target"] is target and request["name"] == "add"
    assert repr(request["args"]) == repr(args) and request["kwargs"] == kwargs
    with pytest.raises(ValueError, match="no object with handle 8"):
        fastcalls.read(fastcalls.call(8, "add", [], {}), {7: target})


def test_the_grader_never_reads_marshal():
    # a worker's reply in the marshal form is bytes the codec does not know: tampering, not data
    with pytest.raises(codec.CorruptMessage):
        codec.decode(fastcalls.call(None, "f", [1], {}))


# --- a real worker -------------------------------------------------------------------------

CANDIDATE = '''
import os, sys, time
import numpy as np

class RunningMedian:
    def __init__(self, values=()):
        self.values = sorted(values)
        self.size = len(self.values)

    def add(self, x):
        if x != x:
            raise ValueError("NaN has no rank")
        self.values.append(x)
        self.values.sort()
        self.size = len(self.values)

    def median(self):
        return self.values[len(self.values) // 2]

    def note(self, path, text):
        write_line(path, text)

    def __len__(self):
        return len(self.values)

class Always:
    def __eq__(self, other):
        return True

class Rigged(int):
    def __eq__(self, other):
        return True

class KataError(ValueError):
    pass

def always():
    return Always()

def rigged():
    return Rigged(1)

def column(records, name):
    return records[name]

def column_copy(records, name):
    return records[name].copy()

def curve(columns, points):
    columns["marks"] += points
    columns["grade"] = np.where(columns["marks"] >= 60, "P", "F")

def fail(message):
    raise KataError(message)

def leave(how):
    if how == "exit":
        raise SystemExit(0)
    if how == "interrupt":
        raise KeyboardInterrupt
    os._exit(7)

def spin():
    while True:
        pass

def count(n):
    yield from range(n)

def forge():
    os.write(int(sys.argv[1]), b"\\xff" * 64)
    time.sleep(5)

def write_line(path, text):
    with open(path, "a") as f:
        f.write(text + "\\n")

def slow_sum(n):
    return sum(range(n))
'''


@pytest.fixture
def kata_module(tmp_path, monkeypatch):
    """The test process isolates, as `kata grade`'s child does; the kata under test is a
    made-up streaming.running_median (its stub declares RunningMedian)."""
    folder = tmp_path / "impl" / "streaming"
    folder.mkdir(parents=True)
    (folder / "running_median.py").write_text(textwrap.dedent(CANDIDATE))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(impl._selection, "root", tmp_path / "impl")
    monkeypatch.setattr(impl._selection, "isolated", True)
    monkeypatch.setattr(proxy, "SETTINGS", proxy.Settings(enabled=True, call_seconds=20, import_seconds=20,
                                                          scratch=str(scratch)))
    yield impl.kata("streaming.running_median")
    proxy.stop_all()
    proxy._load_errors.clear()


def test_a_candidates_always_equal_object_is_refused(kata_module):
    with pytest.raises(proxy.RefusedValue, match=r"always\(\) returned a value of type \S*Always, not plain data"):
        kata_module.always()
    with pytest.raises(proxy.RefusedValue, match="Rigged, not plain data"):
        kata_module.rigged()


def test_views_of_arguments_come_back_as_views_and_copies_as_copies(kata_module):
    records = np.zeros(8, dtype=[("x", "f4"), ("marks", "f8")])
    view = kata_module.column(records, "marks")
    assert np.shares_memory(view, records) and view.strides == (12,), "a view of the argument must stay a view"
    copy = kata_module.column_copy(records, "marks")
    assert not np.shares_memory(copy, records) and copy.strides == (8,)


def test_in_place_edits_of_arguments_are_written_back(kata_module):
    marks = np.array([50.0, 70.0])
    columns = {"marks": marks}
    assert kata_module.curve(columns, 15.0) is None
    assert columns["marks"] is marks and marks.tolist() == [65.0, 85.0], "edits land in the test's own array"
    assert columns["grade"].tolist() == ["P", "P"], "keys the candidate added appear"


def test_exceptions_keep_their_name_base_message_and_worker_traceback(kata_module):
    with pytest.raises(kata_module.KataError, match="bad input") as raised:
        kata_module.fail("bad input")
    assert isinstance(raised.value, ValueError) and type(raised.value).__name__ == "KataError"
    assert "raise KataError(message)" in "\n".join(raised.value.__notes__)


@pytest.mark.parametrize("how", ["exit", "interrupt"])
def test_system_exit_and_keyboard_interrupt_are_failures_here(kata_module, how):
    with pytest.raises(proxy.CandidateRaised, match="the candidate raised"):
        kata_module.leave(how)
    assert kata_module.slow_sum(10) == 45, "the worker goes on"


def test_a_worker_that_exits_fails_the_call_and_a_new_one_serves_the_next(kata_module):
    with pytest.raises(proxy.WorkerDied, match=r"exited the interpreter \(status 7\) in streaming.running_median"):
        kata_module.leave("os._exit")
    assert kata_module.slow_sum(4) == 6


def test_an_endless_call_is_killed_at_the_deadline(kata_module):
    proxy.SETTINGS.call_seconds = 1
    with pytest.raises(proxy.WorkerTimeout, match="timed out after 1 s"):
        kata_module.spin()


def test_a_forged_reply_is_tampering(kata_module):
    with pytest.raises(proxy.Tampering, match="tampering detected in streaming.running_median"):
        kata_module.forge()


def test_objects_of_the_stubs_classes_are_handles(kata_module):
    rm = kata_module.RunningMedian([3.0, 1.0])
    rm.add(2.0)
    assert rm.median() == 2.0 and len(rm) == 3 and rm.size == 3
    assert rm == rm and rm != kata_module.RunningMedian([1.0]), "handles compare by identity, never by the candidate"
    assert list(kata_module.count(3)) == [0, 1, 2], "a generator is iterated in the worker"


def test_calls_whose_result_is_unused_are_pipelined_but_fail_the_test(kata_module):
    rm = kata_module.RunningMedian()
    for x in range(500):
        rm.add(float(x))
    assert len(rm) == 500
    rm.add(float("nan"))  # sent without waiting: raised at the next call that waits
    with pytest.raises(ValueError, match="NaN has no rank") as raised:
        rm.median()
    assert "a call whose result the test did not use" in "\n".join(raised.value.__notes__)
    with pytest.raises(ValueError, match="NaN"):  # inside a with block: the call waits for its answer
        rm.add(float("nan"))


def test_what_the_test_reads_from_disk_includes_every_call_before_it(kata_module, tmp_path):
    proxy._flush_before_reading_files()
    path = tmp_path / "scratch" / "journal.txt"
    kata_module.write_line(str(path), "a function always waits")
    assert path.read_text() == "a function always waits\n"
    rm = kata_module.RunningMedian()
    rm.note(str(path), "a method whose result is unused is held back")
    assert path.read_text().endswith("held back\n"), "open() in the test sends the calls held back first"
    rm.note(str(path), "and so does a folder listing")
    assert any(p.name == "journal.txt" for p in path.parent.iterdir()) and path.read_text().endswith("listing\n")


def test_a_timed_call_runs_in_the_worker_in_blocks(kata_module):
    ratio = time_ratio(lambda: sum(range(20_000)), lambda: kata_module.slow_sum(20_000), rounds=3)
    assert 0.3 < ratio.median < 3, f"the same work on both sides should time alike: {ratio.describe()}"


def test_a_missing_name_says_keep_the_stubs_names(kata_module):
    with pytest.raises(AttributeError, match="defines no 'nope'"):
        kata_module.nope


def test_one_worker_at_a_time(kata_module):
    kata_module.slow_sum(1)
    assert list(proxy._workers) == ["streaming.running_median"]
    worker = proxy._workers["streaming.running_median"]
    proxy.focus("formats.huffman")
    assert not proxy._workers, "the previous kata's worker stops when the next kata's tests begin"
    assert worker.proc.poll() is not None and not os.path.exists(f"/proc/{worker.proc.pid}")
