"""Hidden tests for formats.table_3_1: edge records, files made by the real libraries, truncations."""
import csv
import json
import math
import os
import pickle
import random
import struct
import tempfile
from datetime import datetime, timedelta, timezone

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import table_3_1 as datagen

t31 = kata("formats.table_3_1")

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FORMATS = ("json", "csv", "parquet", "avro", "protobuf", "pickle")
FIELDS = ["ride_id", "driver", "price", "requested_at", "surge"]
EXT = {"json": "jsonl", "csv": "csv", "parquet": "parquet", "avro": "avro", "protobuf": "pb", "pickle": "pkl"}


def ride(ride_id, driver, price, requested_at, surge=False):
    return {"ride_id": ride_id, "driver": driver, "price": price, "requested_at": requested_at, "surge": surge}


def show(x):
    return f"{x!r} ({x.hex()})" if isinstance(x, float) else repr(x)


def same(got, expected):
    if expected is None or got is None:
        return got is expected
    if isinstance(expected, float):
        if type(got) is not float:
            return False
        if math.isnan(expected):
            return math.isnan(got)
        return struct.pack("<d", got) == struct.pack("<d", expected)
    if isinstance(expected, datetime):
        return isinstance(got, datetime) and got.tzinfo == UTC and got == expected
    return type(got) is type(expected) and got == expected


def assert_same_records(got, expected, call):
    assert isinstance(got, list), f"{call} returned {type(got).__name__}, expected a list of dicts"
    assert len(got) == len(expected), f"{call} returned {len(got)} records, expected {len(expected)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        assert isinstance(g, dict) and list(g) == list(e), (
            f"{call}: record {i} has keys {list(g) if isinstance(g, dict) else g!r}, expected {list(e)}")
        for key in e:
            assert same(g[key], e[key]), (
                f"{call}: record {i} field {key!r} came back as {show(g[key])}, expected {show(e[key])}")


def path_for(folder, fmt):
    return os.path.join(str(folder), f"rides.{EXT[fmt]}")


def file_bytes(records, fmt, folder):
    path = path_for(folder, fmt)
    t31.write(records, path, fmt)
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- an independent protobuf class


def _oracle_ride_event():
    F = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="hidden_oracle_rides.proto", package="oracle", syntax="proto3")
    msg = file.message_type.add(name="RideEvent")
    for name, number, type_, optional in [("ride_id", 1, F.TYPE_INT64, False), ("driver", 2, F.TYPE_STRING, True),
                                          ("price", 3, F.TYPE_DOUBLE, True), ("requested_at_us", 4, F.TYPE_SINT64, False),
                                          ("surge", 5, F.TYPE_BOOL, False)]:
        field = msg.field.add(name=name, number=number, type=type_, label=F.LABEL_OPTIONAL)
        if optional:
            field.proto3_optional = True
            field.oneof_index = len(msg.oneof_decl)
            msg.oneof_decl.add(name="_" + name)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("oracle.RideEvent"))


OracleRide = _oracle_ride_event()


def micros(at):
    return (at - EPOCH) // timedelta(microseconds=1)


def varint(n):
    out = bytearray()
    while n > 0x7F:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    out.append(n)
    return bytes(out)


def oracle_message(r):
    msg = OracleRide(ride_id=r["ride_id"], requested_at_us=micros(r["requested_at"]), surge=r["surge"])
    if r["driver"] is not None:
        msg.driver = r["driver"]
    if r["price"] is not None:
        msg.price = r["price"]
    return msg.SerializeToString()


def oracle_protobuf_stream(records):
    return b"".join(varint(len(body)) + body for body in map(oracle_message, records))


def oracle_split(data):
    """(start, end) of each message body; asserts the stream ends exactly."""
    spans, pos = [], 0
    while pos < len(data):
        n = shift = 0
        while True:
            b = data[pos]
            pos += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        spans.append((pos, pos + n))
        pos += n
    assert pos == len(data), "protobuf stream does not end on a message boundary"
    return spans


# ---------------------------------------------------------------- edge records

HARD_FLOATS = [0.1 + 0.2, 1e-308, -0.0, 5e-324, float("inf"), float("-inf"), float("nan"), 2.2250738585072014e-308,
               1.7976931348623157e308, -1.7976931348623157e308, 9007199254740993.0, 0.1, 1 / 3, 100.0, 1e22, 1e23,
               -123456.78901234567, 4.35, 2.675, 0.000001, 1.0000000000000002]

UNICODE_DRIVERS = ['a,b', '"quoted"', 'say "hi", then\nleave', "cr\ronly", "crlf\r\nx", "tab\there", " ", ",",
                   "\u00e9l\u00e8ve", "\u5317\u4eac", "\U0001F697 car", "line\u2028sep", "nel\x85x", "\\N", "null",
                   "None", "NaN", "'single'", "trailing\n", "\x01ctrl"]

EDGE_TIMES = [datetime(1900, 1, 1, tzinfo=UTC), datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
              datetime(1969, 7, 20, 20, 17, 40, 123_457, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC),
              datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC), datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC),
              datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=-5))),
              datetime(2024, 3, 31, 1, 30, 0, 500_001, tzinfo=timezone(timedelta(hours=13, minutes=45))),
              datetime(2100, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)]


def edge_records():
    recs = []
    for i, x in enumerate(HARD_FLOATS):
        recs.append(ride(i, None, x, EDGE_TIMES[i % len(EDGE_TIMES)], i % 2 == 0))
    for i, d in enumerate(UNICODE_DRIVERS):
        recs.append(ride(100 + i, d, None, EDGE_TIMES[(i + 3) % len(EDGE_TIMES)]))
    recs.append(ride(-(2**63), None, None, EDGE_TIMES[1], True))
    recs.append(ride(2**63 - 1, None, None, EDGE_TIMES[-1], False))
    recs.append(ride(0, None, None, EPOCH, False))  # an all-default protobuf message
    return recs


EDGE = edge_records()
ALL_NULLS = [ride(i, None, None, EDGE_TIMES[i % len(EDGE_TIMES)], False) for i in range(7)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("table_3_1")


@pytest.mark.parametrize("fmt", FORMATS)
def test_edge_records_round_trip(folder, fmt):
    path = path_for(folder, fmt)
    t31.write(EDGE, path, fmt)
    assert_same_records(t31.read(path, fmt), EDGE, f"read(write(edge records, {fmt!r}))")
    assert_same_records(t31.read(path), EDGE, f"read(edge {fmt} file) with detection")


@pytest.mark.parametrize("fmt", FORMATS)
def test_nulls_everywhere_round_trip(folder, fmt):
    path = path_for(folder, fmt)
    t31.write(ALL_NULLS, path, fmt)
    assert_same_records(t31.read(path), ALL_NULLS, f"read(write(all-null records, {fmt!r}))")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_records_round_trip(folder, fmt):
    path = path_for(folder, fmt)
    t31.write([], path, fmt)
    got = t31.read(path, fmt)
    assert got == [], f"read(write([], {fmt!r}), {fmt!r}) returned {got!r}, expected []"


@pytest.mark.parametrize("fmt", FORMATS)
def test_datagen_rides_round_trip(folder, fmt):
    recs = datagen.rides(300, seed=7)
    path = path_for(folder, fmt)
    t31.write(recs, path, fmt)
    assert_same_records(t31.read(path), recs, f"read(write(rides(300), {fmt!r}))")


def test_timestamps_come_back_in_utc_as_the_same_instant(folder):
    zoned = datetime(2024, 3, 1, 10, 0, 0, 7, tzinfo=timezone(timedelta(hours=2)))
    for fmt in FORMATS:
        path = path_for(folder, fmt)
        t31.write([ride(1, "ann", 1.5, zoned)], path, fmt)
        got = t31.read(path, fmt)[0]["requested_at"]
        assert got == zoned and got.tzinfo == UTC and got.hour == 8 and got.microsecond == 7, (
            f"{fmt}: requested_at {zoned.isoformat()} came back as {got!r}, expected 2024-03-01 08:00:00.000007 UTC")


# ---------------------------------------------------------------- the files are real


def _no_constants(name):
    raise AssertionError(f"bare {name} in JSON lines: not JSON")


def test_json_lines_are_strict_json_per_the_statement(folder):
    path = path_for(folder, "json")
    t31.write(EDGE, path, "json")
    with open(path, "rb") as f:
        data = f.read()
    assert data.endswith(b"\n"), "JSON lines must end with a newline"
    lines = data.decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(EDGE), f"{len(lines)} JSON lines for {len(EDGE)} records"
    nonfinite = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
    for line, rec in zip(lines, EDGE):
        obj = json.loads(line, parse_constant=_no_constants)
        assert list(obj) == FIELDS, f"JSON keys {list(obj)}, expected {FIELDS}"
        assert obj["ride_id"] == rec["ride_id"] and obj["driver"] == rec["driver"] and obj["surge"] is rec["surge"]
        at = datetime.fromisoformat(obj["requested_at"])
        assert at == rec["requested_at"] and at.utcoffset() == timedelta(0), (
            f"JSON requested_at {obj['requested_at']!r}, expected {rec['requested_at'].astimezone(UTC).isoformat()!r}")
        price = obj["price"]
        if rec["price"] is None:
            assert price is None, f"JSON null price written as {price!r}"
        elif not math.isfinite(rec["price"]):
            assert price in nonfinite and same(float(nonfinite[price]), rec["price"]), (
                f"JSON price {rec['price']!r} written as {price!r}, expected 'NaN', 'Infinity' or '-Infinity'")
        else:
            assert same(float(price), rec["price"]), f"JSON price {show(rec['price'])} written as {price!r}"


def test_csv_reads_with_the_csv_module(folder):
    path = path_for(folder, "csv")
    t31.write(EDGE, path, "csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == FIELDS, f"CSV header {rows[0]}, expected {FIELDS}"
    assert len(rows) == len(EDGE) + 1, f"csv.reader saw {len(rows) - 1} rows for {len(EDGE)} records"
    for row, rec in zip(rows[1:], EDGE):
        assert int(row[0]) == rec["ride_id"]
        assert row[1] == ("" if rec["driver"] is None else rec["driver"]), f"CSV driver {row[1]!r} for {rec['driver']!r}"
        if rec["price"] is None:
            assert row[2] == "", f"CSV null price written as {row[2]!r}, expected an empty field"
        else:
            assert same(float(row[2]), rec["price"]), (
                f"CSV price {show(rec['price'])} written as {row[2]!r}, which parses to {show(float(row[2]))}")
        assert datetime.fromisoformat(row[3]) == rec["requested_at"], f"CSV requested_at {row[3]!r}"
        assert row[4] == ("true" if rec["surge"] else "false"), f"CSV surge {row[4]!r}"


def test_parquet_reads_with_pyarrow(folder):
    path = path_for(folder, "parquet")
    t31.write(EDGE, path, "parquet")
    schema = pq.read_schema(path)
    expected = {"ride_id": pa.int64(), "driver": pa.string(), "price": pa.float64(),
                "requested_at": pa.timestamp("us", tz="UTC"), "surge": pa.bool_()}
    got = {name: schema.field(name).type for name in schema.names}
    assert got == expected, f"parquet schema {got}, expected {expected}"
    table = pq.read_table(path)
    assert table.column("price").null_count == sum(r["price"] is None for r in EDGE), "parquet: NaN must not be null"
    rows = table.to_pylist()
    for r in rows:
        r["requested_at"] = r["requested_at"].astimezone(UTC)
    assert_same_records(rows, EDGE, "pyarrow.parquet.read_table(your parquet file)")


def test_avro_reads_with_fastavro(folder):
    path = path_for(folder, "avro")
    t31.write(EDGE, path, "avro")
    with open(path, "rb") as f:
        reader = fastavro.reader(f)
        rows = list(reader)
        fields = {fld["name"]: fld["type"] for fld in reader.writer_schema["fields"]}
    assert fields["requested_at"] == {"type": "long", "logicalType": "timestamp-micros"}, (
        f"avro requested_at type {fields['requested_at']}, expected timestamp-micros")
    for r in rows:
        r["requested_at"] = r["requested_at"].astimezone(UTC)
    assert_same_records(rows, EDGE, "fastavro.reader(your avro file)")


def test_pickle_loads_to_the_records(folder):
    data = file_bytes(EDGE, "pickle", folder)
    assert data[:2] == b"\x80\x05", f"pickle must use protocol 5, starts with {data[:2]!r}"
    assert_same_records(pickle.loads(data), EDGE, "pickle.loads(your pickle file)")


def test_protobuf_stream_matches_an_independent_encoder(folder):
    data = file_bytes(EDGE, "protobuf", folder)
    spans = oracle_split(data)
    assert len(spans) == len(EDGE), f"protobuf stream holds {len(spans)} messages for {len(EDGE)} records"
    for (a, b), rec in zip(spans, EDGE):
        msg = OracleRide.FromString(data[a:b])
        assert msg.HasField("driver") == (rec["driver"] is not None), f"protobuf driver presence wrong for {rec}"
        assert msg.HasField("price") == (rec["price"] is not None), f"protobuf price presence wrong for {rec}"
        assert msg.requested_at_us == micros(rec["requested_at"]), (
            f"protobuf requested_at_us {msg.requested_at_us}, expected {micros(rec['requested_at'])} for {rec['requested_at']}")
    assert data == oracle_protobuf_stream(EDGE), "protobuf bytes differ from varint(len) + RideEvent per record"


def test_protobuf_length_prefix_at_the_one_byte_varint_edge(folder):
    at = datetime(2024, 3, 1, tzinfo=UTC)
    recs = []
    for target in (127, 128):  # a 127-byte message takes a 1-byte prefix, a 128-byte one 2 bytes
        d = next(d for d in range(1, 300) if len(oracle_message(ride(1, "x" * d, 1.5, at))) == target)
        recs.append(ride(1, "x" * d, 1.5, at))
    data = file_bytes(recs, "protobuf", folder)
    assert data == oracle_protobuf_stream(recs), "protobuf length prefixes of 127- and 128-byte messages differ from varint(len)"


# ---------------------------------------------------------------- reading files the libraries wrote


def _iso(at):
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def library_write(records, fmt, path):
    """`records` written in `fmt` by the test itself, following the statement, not the kata's code."""
    if fmt == "json":
        words = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for r in records:
                p = r["price"]
                p = words[repr(p)] if p is not None and not math.isfinite(p) else p
                obj = {"ride_id": r["ride_id"], "driver": r["driver"], "price": p,
                       "requested_at": _iso(r["requested_at"]), "surge": r["surge"]}
                f.write(json.dumps(obj) + "\n")  # ensure_ascii=True: \u escapes must read too
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(FIELDS)
            for r in records:
                w.writerow([r["ride_id"], r["driver"] or "", "" if r["price"] is None else repr(r["price"]),
                            _iso(r["requested_at"]), "true" if r["surge"] else "false"])
    elif fmt == "parquet":
        schema = pa.schema([("ride_id", pa.int64()), ("driver", pa.string()), ("price", pa.float64()),
                            ("requested_at", pa.timestamp("us", tz="UTC")), ("surge", pa.bool_())])
        pq.write_table(pa.Table.from_pylist(records, schema=schema), path, compression="zstd")
    elif fmt == "avro":
        avro_schema = {"type": "record", "name": "RideEvent", "fields": [
            {"name": "ride_id", "type": "long"}, {"name": "driver", "type": ["null", "string"]},
            {"name": "price", "type": ["null", "double"]},
            {"name": "requested_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
            {"name": "surge", "type": "boolean"}]}
        with open(path, "wb") as f:
            fastavro.writer(f, fastavro.parse_schema(avro_schema), records, codec="null")
    elif fmt == "protobuf":
        with open(path, "wb") as f:
            f.write(oracle_protobuf_stream(records))
    else:
        utc = [{k: (v.astimezone(UTC) if k == "requested_at" else v) for k, v in r.items()} for r in records]
        with open(path, "wb") as f:
            pickle.dump(utc, f, protocol=5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reads_files_written_by_the_libraries(folder, fmt):
    path = os.path.join(str(folder), f"library.{EXT[fmt]}")
    library_write(EDGE, fmt, path)
    assert_same_records(t31.read(path, fmt), EDGE, f"read(a {fmt} file written by the test, {fmt!r})")
    with open(path, "rb") as f:
        got = t31.detect_format(f.read())
    assert got == fmt, f"detect_format(a {fmt} file written by the test) returned {got!r}"


# ---------------------------------------------------------------- detection


def _cuts(n, start, k=40, seed=0):
    rng = random.Random(seed)
    cuts = {start, n - 1, n // 2, start + 1} | {rng.randrange(start, n) for _ in range(k)}
    return sorted(c for c in cuts if start <= c < n)


def test_truncated_parquet_is_named(folder):
    data = file_bytes(datagen.rides(200, seed=1), "parquet", folder)
    for cut in _cuts(len(data), 5):
        assert data[:cut][-4:] != b"PAR1"
        with pytest.raises(ValueError, match="truncated parquet file: missing footer magic"):
            t31.detect_format(data[:cut])


def test_truncated_avro_is_named(folder):
    data = file_bytes(datagen.rides(200, seed=2), "avro", folder)
    sync = data[-16:]
    header_end = data.index(sync) + 16  # a cut right after the header is a valid, empty avro file
    for cut in _cuts(len(data), 4):
        if cut == header_end:
            continue
        with pytest.raises(ValueError, match="truncated or corrupt avro"):
            t31.detect_format(data[:cut])


def test_truncated_pickle_is_named(folder):
    data = file_bytes(datagen.rides(200, seed=3), "pickle", folder)
    for cut in _cuts(len(data), 2):
        with pytest.raises(ValueError, match="truncated or corrupt pickle"):
            t31.detect_format(data[:cut])


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_a_pickle_of_each_framed_protocol_is_pickle(protocol):
    assert t31.detect_format(pickle.dumps([{"ride_id": 1}], protocol=protocol)) == "pickle"


def test_bytes_after_the_stop_opcode_are_a_corrupt_pickle():
    data = pickle.dumps(datagen.rides(20, seed=8), protocol=5)
    for tail in (b"\x00", b".", data):  # a stray byte, a second STOP, a second pickle
        with pytest.raises(ValueError, match="truncated or corrupt pickle"):
            t31.detect_format(data + tail)


@pytest.mark.parametrize("protocol_byte", [0, 1, 6, 0xFF])
def test_0x80_and_a_protocol_outside_2_to_5_is_no_pickle(protocol_byte):
    data = pickle.dumps([{"ride_id": 1}], protocol=5)
    with pytest.raises(ValueError, match="unknown format"):
        t31.detect_format(data[:1] + bytes([protocol_byte]) + data[2:])


class _Canary:
    """Pickled, it says: call os.mkdir(path) while loading. Telling its format must not load it."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_a_pickle_is_recognised_without_running_it(tmp_path):
    ran = tmp_path / "ran"
    assert t31.detect_format(pickle.dumps([_Canary(str(ran))], protocol=5)) == "pickle"
    assert not ran.exists(), "detect_format ran the pickle (os.mkdir was called): walk it with pickletools.genops"


def test_truncated_json_lines_are_named(folder):
    data = file_bytes(datagen.rides(50, seed=4), "json", folder)
    for cut in _cuts(len(data), 2):
        if data[cut - 1] in b"}\n":  # whole lines, maybe without the last newline: valid JSON lines
            continue
        with pytest.raises(ValueError, match="truncated or corrupt JSON lines"):
            t31.detect_format(data[:cut])


def test_truncated_protobuf_stream_is_unknown(folder):
    data = file_bytes(datagen.rides(200, seed=5), "protobuf", folder)
    boundaries = {b for _, b in oracle_split(data)}
    for cut in _cuts(len(data), 1, k=60):
        if cut in boundaries:
            assert t31.detect_format(data[:cut]) == "protobuf", "a stream cut between messages is still protobuf"
            continue
        with pytest.raises(ValueError, match="unknown format"):
            t31.detect_format(data[:cut])


def test_protobuf_whose_first_message_starts_like_a_pickle(folder):
    # A 256-byte message has the length prefix b"\x80\x02": pickle's protocol-2 header.
    base = ride(7, "x", 2.5, datetime(2024, 3, 1, tzinfo=UTC), True)
    n = 256 - len(oracle_message(base)) + 1
    rec = ride(7, "x" * n, 2.5, base["requested_at"], True)
    while len(oracle_message(rec)) != 256:
        n += 256 - len(oracle_message(rec))
        rec = ride(7, "x" * n, 2.5, base["requested_at"], True)
    records = [rec, ride(8, "y", None, base["requested_at"])]
    data = file_bytes(records, "protobuf", folder)
    assert data[:2] == b"\x80\x02", data[:4]
    got = t31.detect_format(data)
    assert got == "protobuf", f"detect_format(protobuf stream starting b'\\x80\\x02') returned {got!r}"
    assert_same_records(t31.read(path_for(folder, "protobuf")), records, "read(that protobuf file)")


@pytest.mark.parametrize("data, expected", [
    (b'{"a": 1}\n', "json"),
    (b'{"a": 1}\n{"b": [1, 2]}', "json"),
    (b"a,b\n1,2\n", "csv"),
    (b"x,y,z\r\n1,\"two, three\",4\r\n", "csv"),
    (oracle_protobuf_stream([ride(3, "ann", 1.0, EPOCH)]), "protobuf"),
], ids=["json-line", "json-no-final-newline", "csv", "csv-quoted", "protobuf"])
def test_detects_files_it_did_not_write(data, expected):
    got = t31.detect_format(data)
    assert got == expected, f"detect_format({data!r}) returned {got!r}, expected {expected!r}"


@pytest.mark.parametrize("data", [b"hello", b"one column\nonly\n", b"a,b\n1,2,3\n", b"\x00\xff" * 8,
                                  b"GIF89a\x01\x00", b"\x89PNG\r\n\x1a\n"],
                         ids=["word", "one-column", "ragged-csv", "junk", "gif", "png"])
def test_unknown_bytes_raise(data):
    with pytest.raises(ValueError, match="unknown format"):
        t31.detect_format(data)


def test_random_bytes_are_unknown():
    rng = random.Random(3131)
    for _ in range(200):
        data = rng.randbytes(rng.randrange(1, 300))
        if data[:4] in (b"PAR1", b"Obj\x01") or (data[0] == 0x80 and len(data) > 1 and 2 <= data[1] <= 5):
            continue
        with pytest.raises(ValueError, match="unknown format"):
            t31.detect_format(data)


def test_empty_data_raises():
    with pytest.raises(ValueError, match="empty data"):
        t31.detect_format(b"")


# ---------------------------------------------------------------- sizes and bad input


def test_sizes_relations_on_2000_rides(folder):
    sub = tempfile.mkdtemp(dir=str(folder))
    got = t31.sizes(datagen.rides(2000, seed=11), sub)
    assert sorted(got) == sorted(FORMATS), f"sizes keys {sorted(got)}"
    for fmt in FORMATS:
        p = path_for(sub, fmt)
        assert os.path.exists(p) and got[fmt] == os.path.getsize(p), f"sizes: {fmt} file {p} missing or size differs"
    assert got["json"] > got["csv"] > max(got["parquet"], got["avro"], got["protobuf"]), f"sizes: {got}"
    assert got["parquet"] < got["json"] / 2, f"parquet should be under half of JSON lines: {got}"


@pytest.mark.parametrize("bad, field", [
    ([ride(1, "ann", 1.0, datetime(2024, 3, 1))], "requested_at"),
    ([ride(1, "", 1.0, datetime(2024, 3, 1, tzinfo=UTC))], "driver"),
    ([ride(1, "a\x00b", 1.0, datetime(2024, 3, 1, tzinfo=UTC))], "driver"),
    ([ride(1, "ann", "1.0", datetime(2024, 3, 1, tzinfo=UTC))], "price"),
    ([ride(True, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC))], "ride_id"),
    ([ride(-(2**63) - 1, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC))], "ride_id"),
    ([ride(1, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC), surge=1)], "surge"),
    ([dict(ride(1, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC)), extra=1)], "fields"),
], ids=["naive", "empty-driver", "nul-driver", "str-price", "bool-id", "int64-underflow", "int-surge", "extra-field"])
@pytest.mark.parametrize("fmt", ["parquet", "protobuf"])
def test_bad_records_raise(folder, bad, field, fmt):
    assert t31.write(ALL_NULLS, path_for(folder, fmt), fmt) > 0
    with pytest.raises(ValueError, match=field):
        t31.write(bad, path_for(folder, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ride_id_is_exactly_an_int64(folder, fmt):
    edge = [ride(2**63 - 1, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC)),
            ride(-(2**63), None, None, datetime(2024, 3, 1, tzinfo=UTC))]
    assert t31.write(edge, path_for(folder, fmt), fmt) > 0
    back = t31.read(path_for(folder, fmt), fmt)
    assert [r["ride_id"] for r in back] == [2**63 - 1, -(2**63)], f"{fmt}: the int64 extremes read back as {back}"
    for ride_id in (2**63, -(2**63) - 1):
        with pytest.raises(ValueError, match="ride_id"):
            t31.write([ride(ride_id, "ann", 1.0, datetime(2024, 3, 1, tzinfo=UTC))], path_for(folder, fmt), fmt)


def test_unknown_format_names_raise(folder):
    assert t31.write(ALL_NULLS, path_for(folder, "avro"), "avro") > 0
    for fmt in ("xml", "JSON", "tfrecord"):
        with pytest.raises(ValueError, match=f"unknown format '{fmt}'"):
            t31.write(ALL_NULLS, os.path.join(str(folder), "x.out"), fmt)
    with pytest.raises(ValueError, match="unknown format 'orc'"):
        t31.read(path_for(folder, "avro"), "orc")


# ---------------------------------------------------------------- properties

# The explain phase replays hundreds of file round trips after a failure: skip it.
NO_EXPLAIN = [p for p in Phase if p is not Phase.explain]
drivers = st.none() | st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), min_size=1, max_size=20)
zones = st.sampled_from([UTC, timezone(timedelta(hours=-8)), timezone(timedelta(hours=5, minutes=30)),
                         timezone(timedelta(hours=-3, minutes=-30))])
records = st.lists(st.builds(
    ride,
    ride_id=st.integers(-(2**63), 2**63 - 1),
    driver=drivers,
    price=st.none() | st.floats() | st.sampled_from(HARD_FLOATS),
    requested_at=st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=zones),
    surge=st.booleans(),
), max_size=8)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=40, phases=NO_EXPLAIN)
@given(recs=records)
def test_any_records_round_trip(folder, fmt, recs):
    data = file_bytes(recs, fmt, folder)
    assert_same_records(t31.read(path_for(folder, fmt), fmt), recs, f"read(write({recs!r}, {fmt!r}))")
    if data:
        got = t31.detect_format(data)
        assert got == fmt, f"detect_format(a {fmt} file of {recs!r}) returned {got!r}"


@pytest.mark.parametrize("fmt", ["json", "csv", "protobuf"])
@settings(max_examples=40, phases=NO_EXPLAIN)
@given(recs=records)
def test_reads_files_written_by_the_test_for_any_records(folder, fmt, recs):
    path = os.path.join(str(folder), f"library.{EXT[fmt]}")
    library_write(recs, fmt, path)
    assert_same_records(t31.read(path, fmt), recs, f"read({fmt} file written by the test for {recs!r})")


@pytest.mark.parametrize("data, got", [("PAR1", "str"), (5, "int"), (None, "NoneType"), ([80, 65, 82, 49], "list")])
def test_detect_format_takes_bytes_only(data, got):
    with pytest.raises(TypeError, match=f"^detect_format expects bytes, got {got}"):
        t31.detect_format(data)


@pytest.mark.parametrize("fmt", ["json", "protobuf"])
def test_an_empty_file_cannot_be_detected(folder, fmt):
    path = path_for(folder, fmt)
    t31.write([], path, fmt)
    with pytest.raises(ValueError, match="^empty data"):
        t31.read(path)


def test_detect_format_takes_a_bytearray():
    with pytest.raises(ValueError, match="^truncated parquet file"):
        t31.detect_format(bytearray(b"PAR1" + bytes(20)))
