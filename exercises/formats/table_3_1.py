"""Table 3-1 as code: the same ride events in six formats, read back losslessly.

Table 3-1 of the chapter: JSON (text, human-readable, everywhere), CSV (text, everywhere),
Parquet (binary, Hadoop and Amazon Redshift), Avro (binary primary, Hadoop), Protobuf
(binary primary, Google and TensorFlow's TFRecord), Pickle (binary, Python and PyTorch).
Measured here on 1M rows x 8 columns: JSON lines 138 MB, pickle 88 MB, CSV 84 MB, Avro
(deflate) 32 MB, Parquet (snappy) 31 MB: AWS's "up to 6x less storage" for Parquet. But a
text format is only as exact as the way you print numbers ('%.15g' turns 0.1 + 0.2 into
0.3), and a timestamp kept in ms, or without its zone, is another timestamp.

Write one schema of ride events in all six formats, read each back *bit-exactly*, and
tell a file's format from its bytes. Records are a list of dicts, keys in this order:

    ride_id       int, int64                never null
    driver        str or None               a non-empty str without NUL characters
    price         float or None             NaN, inf and -0.0 are values, not nulls
    requested_at  aware datetime            read back in UTC (tzinfo=timezone.utc), microseconds kept
    surge         bool

`validate` (given) enforces this and normalizes; `write` and `read` (given) dispatch to
your per-format functions. On disk (the tests read your files with the real libraries):

    json      one object per line, "\\n"-terminated, UTF-8, strict JSON: price NaN/inf/-inf as
              the strings "NaN", "Infinity", "-Infinity"; requested_at as
              isoformat(timespec="microseconds"), e.g. "2024-03-01T08:00:00.000001+00:00"
    csv       header ride_id,driver,price,requested_at,surge; csv module defaults;
              null = empty field (why driver may not be ""); price as repr(); surge true/false
    parquet   pyarrow, ARROW_SCHEMA (timestamp[us, tz=UTC])
    avro      fastavro, AVRO_SCHEMA (timestamp-micros), codec "deflate"
    protobuf  per record: varint(len(body)) + body, body = RideEvent bytes (TFRecord's idea,
              no CRCs); an unset optional field is a null; requested_at_us = micros since 1970
    pickle    pickle.dump(records, f, protocol=5)

    >>> from datetime import datetime, timezone
    >>> ride = {"ride_id": 1, "driver": "ann", "price": 0.1 + 0.2,
    ...         "requested_at": datetime(2024, 3, 1, 8, 0, 0, 1, tzinfo=timezone.utc), "surge": False}
    >>> write([ride], "/tmp/ride.csv", "csv")     # bytes written
    107
    >>> read("/tmp/ride.csv") == [ride]           # format detected from the bytes
    True
    >>> detect_format(b"PAR1" + bytes(20))
    Traceback (most recent call last):
    ValueError: truncated parquet file: missing footer magic

detect_format(data) applies these rules in order:
  1. b"" -> ValueError("empty data ...").
  2. starts with b"PAR1": "parquet" if it also ends with b"PAR1" (the footer), else
     ValueError("truncated parquet file: missing footer magic").
  3. starts with b"Obj\\x01": "avro" if fastavro reads every record, else
     ValueError("truncated or corrupt avro file ...").
  4. starts with b"\\x80" + protocol byte 2..5: "pickle" if pickletools.genops (it never runs
     code) walks to the STOP opcode on the last byte, else ValueError("truncated or corrupt pickle ...").
  5. UTF-8 text starting with "{" (after whitespace): "json" if every non-blank line is a JSON
     object, else ValueError("truncated or corrupt JSON lines ...").
  6. UTF-8 text with a printable first line that csv.reader splits into rows of one equal
     width of 2 or more fields: "csv".
  7. Protobuf has no magic number, so this is a guess: "protobuf" if the bytes split exactly
     into varint-length-prefixed messages that each parse as RideEvent with no unknown fields.
     It is tried even when 2-5 failed (a 256-byte first message starts with b"\\x80\\x02").
  8. Otherwise ValueError("unknown format ..."); where 2-5 matched, their error instead.

Sizes: on the numeric-heavy rides of graders/datagen/table_3_1.py, JSON lines is larger
than CSV, and Parquet, Avro and Protobuf are each smaller than CSV.
Bad input raises ValueError: a record off the schema (validate's message names the record
and field), an unknown format name ("unknown format 'xml' ..."), undetectable bytes.
detect_format takes bytes (or bytearray, memoryview) only: anything else raises TypeError
("detect_format expects bytes, got str"; bytes(5) would be five zero bytes). No records
is fine: write([], path, fmt) then read(path, fmt) gives [] in every format; an empty json
or protobuf file is 0 bytes, so read(path) without fmt raises rule 1's ValueError.

Run its tests: pytest exercises/formats/test_table_3_1.py   (or: kata check formats.table_3_1)
"""
from __future__ import annotations

import csv  # noqa: F401  (you will need these)
import io  # noqa: F401
import json  # noqa: F401
import math  # noqa: F401
import os
import pickle  # noqa: F401
import pickletools  # noqa: F401
from datetime import datetime, timedelta, timezone

import fastavro  # noqa: F401
import pyarrow as pa
import pyarrow.parquet as pq  # noqa: F401
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf import unknown_fields  # noqa: F401  (len(unknown_fields.UnknownFieldSet(msg)))
from google.protobuf.message import DecodeError  # noqa: F401

# ---------------------------------------------------------------- given: schema and plumbing

FORMATS = ("json", "csv", "parquet", "avro", "protobuf", "pickle")
FIELDS = ("ride_id", "driver", "price", "requested_at", "surge")
EXTENSIONS = {"json": "jsonl", "csv": "csv", "parquet": "parquet", "avro": "avro", "protobuf": "pb", "pickle": "pkl"}

# Table 3-1. Common data formats and where they are used.
TABLE_3_1 = {
    "json": {"binary_or_text": "Text", "human_readable": True, "used_in": "Everywhere"},
    "csv": {"binary_or_text": "Text", "human_readable": True, "used_in": "Everywhere"},
    "parquet": {"binary_or_text": "Binary", "human_readable": False, "used_in": "Hadoop, Amazon Redshift"},
    "avro": {"binary_or_text": "Binary primary", "human_readable": False, "used_in": "Hadoop"},
    "protobuf": {"binary_or_text": "Binary primary", "human_readable": False, "used_in": "Google, TensorFlow (TFRecord)"},
    "pickle": {"binary_or_text": "Binary", "human_readable": False, "used_in": "Python, PyTorch serialization"},
}

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

ARROW_SCHEMA = pa.schema([
    pa.field("ride_id", pa.int64(), nullable=False),
    pa.field("driver", pa.string()),
    pa.field("price", pa.float64()),
    pa.field("requested_at", pa.timestamp("us", tz="UTC"), nullable=False),
    pa.field("surge", pa.bool_(), nullable=False),
])

AVRO_SCHEMA = {
    "type": "record",
    "name": "RideEvent",
    "namespace": "dmls",
    "fields": [
        {"name": "ride_id", "type": "long"},
        {"name": "driver", "type": ["null", "string"]},
        {"name": "price", "type": ["null", "double"]},
        {"name": "requested_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "surge", "type": "boolean"},
    ],
}


def _ride_event_class():
    """The protobuf message class, built from a descriptor because there is no protoc here.

    Equivalent .proto:
        syntax = "proto3";
        package dmls;
        message RideEvent {
          int64 ride_id = 1;
          optional string driver = 2;     // `optional`: has-presence, so None != ""
          optional double price = 3;      // None != 0.0 != NaN
          sint64 requested_at_us = 4;     // micros since 1970 UTC; zigzag: pre-1970 stays short
          bool surge = 5;
        }
    Use: msg = RideEvent(ride_id=1, requested_at_us=0, surge=False); msg.price = 2.5;
    msg.HasField("price"); msg.SerializeToString(); RideEvent.FromString(body).
    """
    F = descriptor_pb2.FieldDescriptorProto
    file = descriptor_pb2.FileDescriptorProto(name="dmls_table_3_1.proto", package="dmls", syntax="proto3")
    msg = file.message_type.add(name="RideEvent")
    for name, number, type_, optional in [
        ("ride_id", 1, F.TYPE_INT64, False),
        ("driver", 2, F.TYPE_STRING, True),
        ("price", 3, F.TYPE_DOUBLE, True),
        ("requested_at_us", 4, F.TYPE_SINT64, False),
        ("surge", 5, F.TYPE_BOOL, False),
    ]:
        field = msg.field.add(name=name, number=number, type=type_, label=F.LABEL_OPTIONAL)
        if optional:  # proto3 `optional` = a synthetic one-field oneof named "_<field>"
            field.proto3_optional = True
            field.oneof_index = len(msg.oneof_decl)
            msg.oneof_decl.add(name="_" + name)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("dmls.RideEvent"))


RideEvent = _ride_event_class()


def validate(records: list[dict]) -> list[dict]:
    """Check `records` against the schema; return copies in FIELDS order, timestamps in UTC."""
    if not isinstance(records, list):
        raise ValueError(f"records must be a list of dicts, got {type(records).__name__}")
    out = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict) or set(rec) != set(FIELDS):
            got = sorted(rec) if isinstance(rec, dict) else type(rec).__name__
            raise ValueError(f"record {i}: fields must be exactly {list(FIELDS)}, got {got}")
        ride_id, driver, price, at, surge = (rec[f] for f in FIELDS)
        if isinstance(ride_id, bool) or not isinstance(ride_id, int) or not INT64_MIN <= ride_id <= INT64_MAX:
            raise ValueError(f"record {i}: ride_id must be an int64, got {ride_id!r}")
        if driver is not None and (not isinstance(driver, str) or driver == "" or "\x00" in driver):
            raise ValueError(f"record {i}: driver must be None or a non-empty str without NUL, got {driver!r}")
        if isinstance(price, bool) or not (price is None or isinstance(price, (int, float))):
            raise ValueError(f"record {i}: price must be None or a float, got {price!r}")
        if not isinstance(at, datetime) or at.utcoffset() is None:
            raise ValueError(f"record {i}: requested_at must be a timezone-aware datetime, got {at!r}")
        if not isinstance(surge, bool):
            raise ValueError(f"record {i}: surge must be a bool, got {surge!r}")
        out.append({
            "ride_id": ride_id,
            "driver": driver,
            "price": None if price is None else float(price),
            "requested_at": at.astimezone(UTC),
            "surge": surge,
        })
    return out


def write(records: list[dict], path: str, fmt: str) -> int:
    """Validate `records`, write them to `path` in format `fmt`; return the file's size in bytes."""
    writer = _WRITERS.get(fmt) if isinstance(fmt, str) else None
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    writer(validate(records), os.fspath(path))
    return os.path.getsize(path)


def read(path: str, fmt: str | None = None) -> list[dict]:
    """Read records back from `path`; with fmt=None the format is detected from the bytes."""
    if fmt is None:
        with open(path, "rb") as f:
            fmt = detect_format(f.read())
    reader = _READERS.get(fmt) if isinstance(fmt, str) else None
    if reader is None:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return reader(os.fspath(path))


# ---------------------------------------------------------------- yours: writers and readers
# Each writer gets validated records (UTC datetimes, float or None prices); each reader
# returns dicts with the FIELDS keys in order, requested_at with tzinfo=timezone.utc.
# Exact microseconds: (at - EPOCH) // timedelta(microseconds=1), and EPOCH + timedelta(microseconds=us).
# (at.timestamp() is a float: times 1e6 it can land just below the whole number, and int() then drops one.)


def write_json(records: list[dict], path: str) -> None:
    """JSON lines: one strict JSON object per line. (about 10 lines)"""
    # TODO: open(path, "w", encoding="utf-8", newline="\n"); per record json.dumps(obj) + "\n"
    # TODO: json.dumps prints floats with repr(), exact already; but NaN/inf would come out as bare
    #       NaN (not JSON): float("nan") -> "NaN", float("inf") -> "Infinity", float("-inf") -> "-Infinity"
    # TODO: requested_at -> at.isoformat(timespec="microseconds"): "2024-03-01T08:00:00.000001+00:00"
    raise NotImplementedError("write_json")


def read_json(path: str) -> list[dict]:
    """Invert write_json. (about 12 lines)"""
    # TODO: for line in f (splits on "\n"; str.splitlines() would also split inside a driver on U+2028)
    # TODO: price "NaN" -> float("nan"); datetime.fromisoformat(s).astimezone(UTC)
    raise NotImplementedError("read_json")


def write_csv(records: list[dict], path: str) -> None:
    """CSV with a header; null = empty field; floats as repr(). (about 12 lines)"""
    # TODO: open(path, "w", encoding="utf-8", newline=""): the csv module quotes , " \r \n itself
    # TODO: header row FIELDS, then per record:
    #       [str(ride_id), "" if driver is None else driver, "" if price is None else repr(price), iso, "true"/"false"]
    #       repr(0.1 + 0.2) == '0.30000000000000004' (exact); '%.15g' % (0.1 + 0.2) == '0.3' (not)
    raise NotImplementedError("write_csv")


def read_csv(path: str) -> list[dict]:
    """Invert write_csv: every field comes back as the right type, "" as None. (about 15 lines)"""
    # TODO: csv.reader(open(path, encoding="utf-8", newline="")); check the header is FIELDS
    # TODO: "" -> None (driver, price); float("nan"), float("-inf") parse repr's output; "true" -> True
    raise NotImplementedError("read_csv")


def write_parquet(records: list[dict], path: str) -> None:
    """Parquet via pyarrow with ARROW_SCHEMA. (about 2 lines)"""
    # TODO: pa.Table.from_pylist(records, schema=ARROW_SCHEMA) keeps NaN a value and None a null
    raise NotImplementedError("write_parquet")


def read_parquet(path: str) -> list[dict]:
    """Invert write_parquet. (about 4 lines)"""
    # TODO: pq.read_table(path).to_pylist(); make each requested_at .astimezone(UTC)
    raise NotImplementedError("read_parquet")


def write_avro(records: list[dict], path: str) -> None:
    """Avro object container file via fastavro, AVRO_SCHEMA, codec "deflate". (about 2 lines)"""
    # TODO: fastavro.writer(f, fastavro.parse_schema(AVRO_SCHEMA), records, codec="deflate")
    raise NotImplementedError("write_avro")


def read_avro(path: str) -> list[dict]:
    """Invert write_avro. (about 5 lines)"""
    # TODO: list(fastavro.reader(f)); make each requested_at .astimezone(UTC)
    raise NotImplementedError("read_avro")


def write_protobuf(records: list[dict], path: str) -> None:
    """A stream of varint-length-prefixed RideEvent messages. (about 15 lines)"""
    # TODO: varint: 7 bits a byte, low groups first, high bit = more: 1 -> b"\x01", 300 -> b"\xac\x02"
    # TODO: set driver / price only when not None (an unset optional field is the null)
    # TODO: body = msg.SerializeToString(); f.write(varint(len(body)) + body)
    raise NotImplementedError("write_protobuf")


def read_protobuf(path: str) -> list[dict]:
    """Invert write_protobuf; a stream that does not end exactly on a message -> ValueError. (about 25 lines)"""
    # TODO: split: read a varint n, take the next n bytes, repeat; b"\x02\x08" is cut (needs 2, has 1)
    # TODO: RideEvent.FromString(body); msg.HasField("driver") tells None from a value
    raise NotImplementedError("read_protobuf")


def write_pickle(records: list[dict], path: str) -> None:
    """pickle.dump(records, f, protocol=5). (about 2 lines)"""
    # TODO: open the file in binary mode
    raise NotImplementedError("write_pickle")


def read_pickle(path: str) -> list[dict]:
    """Invert write_pickle. pickle.load runs code from the file: load only files you wrote. (about 2 lines)"""
    # TODO: pickle.load(f)
    raise NotImplementedError("read_pickle")


_WRITERS = {"json": write_json, "csv": write_csv, "parquet": write_parquet,
            "avro": write_avro, "protobuf": write_protobuf, "pickle": write_pickle}
_READERS = {"json": read_json, "csv": read_csv, "parquet": read_parquet,
            "avro": read_avro, "protobuf": read_protobuf, "pickle": read_pickle}


def sizes(records: list[dict], folder: str) -> dict[str, int]:
    """Write `records` in every format to folder/rides.<ext>; return {format: bytes}. (about 2 lines)"""
    # TODO: {fmt: write(records, os.path.join(folder, f"rides.{EXTENSIONS[fmt]}"), fmt) for fmt in FORMATS}
    raise NotImplementedError("sizes")


def detect_format(data: bytes) -> str:
    """Which of FORMATS `data` holds, by the rules in the module docstring. (about 40 lines)"""
    # TODO: data not bytes/bytearray/memoryview -> TypeError; b"" -> ValueError("empty data ...")
    # TODO: magic numbers first: data[:4] == b"PAR1" (and data[-4:]), b"Obj\x01", data[0] == 0x80
    # TODO: remember the error of a magic that matched but failed, e.g. "truncated parquet file: missing footer magic"
    # TODO: data.decode("utf-8") (UnicodeDecodeError = not text); "{" -> JSON lines; else the CSV rule:
    #       csv.reader(io.StringIO(text, newline="")) -> {len(row) for row in rows} == {5}
    # TODO: last, the protobuf stream check: every message parses, no unknown fields
    # TODO: nothing fits -> ValueError("unknown format: ...") (or the remembered error)
    raise NotImplementedError("detect_format")
