"""Table 3-1 as code: one set of ride events in JSON lines, CSV, Parquet, Avro, Protobuf, Pickle.

Reference solution. See exercises/formats/table_3_1.py for the statement.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import pickle
import pickletools
from datetime import datetime, timedelta, timezone

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, unknown_fields
from google.protobuf.message import DecodeError

# ---------------------------------------------------------------- given in the stub

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


# ---------------------------------------------------------------- shared helpers


def _micros(at: datetime) -> int:
    # Integer arithmetic on timedelta: exact for every date. at.timestamp() * 1e6 is a float that
    # can land just below the whole number of microseconds, and int() then drops one.
    return (at - EPOCH) // timedelta(microseconds=1)


def _from_micros(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _iso(at: datetime) -> str:
    # Always 6 fractional digits, always the +00:00 offset: '2024-03-01T08:00:00.000001+00:00'.
    return at.isoformat(timespec="microseconds")


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _record(ride_id, driver, price, at, surge) -> dict:
    return {"ride_id": ride_id, "driver": driver, "price": price, "requested_at": at, "surge": surge}


# ---------------------------------------------------------------- JSON lines

# Strict JSON has no NaN or Infinity; Python's json.dumps would write bare NaN (not JSON).
_NONFINITE_TO_JSON = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
_JSON_TO_NONFINITE = {v: float(k) for k, v in _NONFINITE_TO_JSON.items()}


def write_json(records: list[dict], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            price = r["price"]
            if price is not None and not math.isfinite(price):
                price = _NONFINITE_TO_JSON[repr(price)]
            # json.dumps writes floats with repr(): the shortest string that parses back to
            # the same float64, so text JSON is bit-exact.
            obj = _record(r["ride_id"], r["driver"], price, _iso(r["requested_at"]), r["surge"])
            f.write(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n")


def read_json(path: str) -> list[dict]:
    out = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:  # splits on "\n" only; str.splitlines() would also split on U+2028
            if not line.strip():
                continue
            obj = json.loads(line)
            price = obj["price"]
            if isinstance(price, str):
                price = _JSON_TO_NONFINITE[price]
            elif price is not None:
                price = float(price)
            out.append(_record(obj["ride_id"], obj["driver"], price, _parse_iso(obj["requested_at"]), obj["surge"]))
    return out


# ---------------------------------------------------------------- CSV


def write_csv(records: list[dict], path: str) -> None:
    # newline="": the csv module writes \r\n itself and quotes fields holding , " \r \n.
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        for r in records:
            price = r["price"]
            w.writerow([
                str(r["ride_id"]),
                "" if r["driver"] is None else r["driver"],  # empty field = null
                "" if price is None else repr(price),  # repr: 17 significant digits at most, exact
                _iso(r["requested_at"]),
                "true" if r["surge"] else "false",
            ])


def read_csv(path: str) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header != list(FIELDS):
            raise ValueError(f"CSV header must be {','.join(FIELDS)}, got {header}")
        out = []
        for row in rows:
            ride_id, driver, price, at, surge = row
            out.append(_record(
                int(ride_id),
                driver or None,
                float(price) if price else None,  # float('nan'), float('-inf') parse repr's output
                _parse_iso(at),
                {"true": True, "false": False}[surge],
            ))
        return out


# ---------------------------------------------------------------- Parquet


def write_parquet(records: list[dict], path: str) -> None:
    # from_pylist keeps NaN as a value and None as a null; tz-aware datetimes become UTC micros.
    pq.write_table(pa.Table.from_pylist(records, schema=ARROW_SCHEMA), path)


def read_parquet(path: str) -> list[dict]:
    rows = pq.read_table(path).to_pylist()
    for r in rows:
        r["requested_at"] = r["requested_at"].astimezone(UTC)  # whatever tzinfo pyarrow chose
    return rows


# ---------------------------------------------------------------- Avro


def write_avro(records: list[dict], path: str) -> None:
    with open(path, "wb") as f:
        fastavro.writer(f, fastavro.parse_schema(AVRO_SCHEMA), records, codec="deflate")


def read_avro(path: str) -> list[dict]:
    with open(path, "rb") as f:
        rows = list(fastavro.reader(f))
    for r in rows:
        r["requested_at"] = r["requested_at"].astimezone(UTC)
    return rows


# ---------------------------------------------------------------- Protobuf (length-delimited stream)


def _varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    out.append(n)
    return bytes(out)


def _split_stream(data: bytes) -> list[bytes]:
    """[varint length][message] ... -> the messages; ValueError if it does not end exactly."""
    messages, pos = [], 0
    while pos < len(data):
        n = shift = 0
        while True:
            if pos >= len(data):
                raise ValueError(f"truncated protobuf stream: length prefix of message {len(messages)} is cut")
            byte = data[pos]
            pos += 1
            n |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
            if shift >= 64:
                raise ValueError("corrupt protobuf stream: varint longer than 10 bytes")
        if pos + n > len(data):
            raise ValueError(f"truncated protobuf stream: message {len(messages)} needs {n} bytes, {len(data) - pos} left")
        messages.append(data[pos:pos + n])
        pos += n
    return messages


def write_protobuf(records: list[dict], path: str) -> None:
    with open(path, "wb") as f:
        for r in records:
            msg = RideEvent(ride_id=r["ride_id"], requested_at_us=_micros(r["requested_at"]), surge=r["surge"])
            if r["driver"] is not None:  # unset optional field = null
                msg.driver = r["driver"]
            if r["price"] is not None:
                msg.price = r["price"]
            body = msg.SerializeToString()
            f.write(_varint(len(body)) + body)


def read_protobuf(path: str) -> list[dict]:
    with open(path, "rb") as f:
        chunks = _split_stream(f.read())
    out = []
    for chunk in chunks:
        msg = RideEvent.FromString(chunk)
        out.append(_record(
            msg.ride_id,
            msg.driver if msg.HasField("driver") else None,
            msg.price if msg.HasField("price") else None,
            _from_micros(msg.requested_at_us),
            msg.surge,
        ))
    return out


# ---------------------------------------------------------------- Pickle


def write_pickle(records: list[dict], path: str) -> None:
    with open(path, "wb") as f:
        pickle.dump(records, f, protocol=5)


def read_pickle(path: str) -> list[dict]:
    # pickle.load can run arbitrary code: only ever load files you wrote yourself.
    with open(path, "rb") as f:
        return pickle.load(f)


_WRITERS = {"json": write_json, "csv": write_csv, "parquet": write_parquet,
            "avro": write_avro, "protobuf": write_protobuf, "pickle": write_pickle}
_READERS = {"json": read_json, "csv": read_csv, "parquet": read_parquet,
            "avro": read_avro, "protobuf": read_protobuf, "pickle": read_pickle}


def sizes(records: list[dict], folder: str) -> dict[str, int]:
    """Write `records` in every format to folder/rides.<ext>; return {format: bytes}."""
    return {fmt: write(records, os.path.join(folder, f"rides.{EXTENSIONS[fmt]}"), fmt) for fmt in FORMATS}


# ---------------------------------------------------------------- detection


def _complete_pickle(data: bytes) -> bool:
    # pickletools.genops walks the opcodes without executing anything (safe on any bytes).
    try:
        last_pos = None
        for opcode, _arg, pos in pickletools.genops(data):
            last_pos = pos
        return last_pos == len(data) - 1  # STOP is the last opcode and the last byte
    except Exception:  # genops raises ValueError on cut data, but may raise others on junk
        return False


def _complete_avro(data: bytes) -> bool:
    try:
        for _ in fastavro.reader(io.BytesIO(data)):
            pass
        return True
    except Exception:  # EOFError, ValueError, struct.error...: any failure means "not whole"
        return False


def _is_json_lines(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    try:
        return bool(lines) and all(isinstance(json.loads(line), dict) for line in lines)
    except ValueError:
        return False


def _is_csv(text: str) -> bool:
    header = text.split("\n", 1)[0].rstrip("\r")
    if not header.isprintable():  # a header is plain text; protobuf tags (\x08, \x12) are not
        return False
    try:
        widths = {len(row) for row in csv.reader(io.StringIO(text, newline=""), strict=True)}
    except csv.Error:
        return False
    return len(widths) == 1 and widths.pop() >= 2


def _is_protobuf_stream(data: bytes) -> bool:
    try:
        messages = [RideEvent.FromString(chunk) for chunk in _split_stream(data)]
    except (ValueError, DecodeError):
        return False
    # Protobuf parsing keeps fields it does not know; bytes of another format usually
    # "parse" only as unknown fields, so our schema must account for every byte.
    return bool(messages) and not any(len(unknown_fields.UnknownFieldSet(m)) for m in messages)


def detect_format(data: bytes) -> str:
    """Which of FORMATS `data` is: magic numbers first, then text, then a protobuf stream."""
    # bytes(5) would be five zero bytes, bytes("x") an encoding error: refuse both.
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"detect_format expects bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise ValueError("empty data: nothing to detect")
    suspect = None  # the error to raise if a magic number matched but its format is not whole
    if data[:4] == b"PAR1":
        if len(data) >= 12 and data[-4:] == b"PAR1":
            return "parquet"
        suspect = "truncated parquet file: missing footer magic"
    elif data[:4] == b"Obj\x01":
        if _complete_avro(data):
            return "avro"
        suspect = "truncated or corrupt avro file: its blocks do not read to the end"
    elif len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:
        if _complete_pickle(data):
            return "pickle"
        suspect = "truncated or corrupt pickle: no STOP opcode at the end"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and suspect is None:
        if text.lstrip().startswith("{"):  # JSON lines or nothing (it might pass as CSV)
            if _is_json_lines(text):
                return "json"
            suspect = "truncated or corrupt JSON lines: a line is not a whole JSON object"
        elif _is_csv(text):
            return "csv"
    # No magic number: a protobuf stream is recognised only by parsing it with our schema.
    # (A 256-byte first message starts with b'\x80\x02', like a pickle: hence this fallback.)
    if _is_protobuf_stream(data):
        return "protobuf"
    raise ValueError(suspect or f"unknown format: {data[:8]!r}... is none of {', '.join(FORMATS)}")
