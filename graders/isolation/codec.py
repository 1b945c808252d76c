"""The safe codec: the only way values cross between the grader and a candidate's worker.

Plain data only, never pickle: None, bool, int, float, complex, str, bytes, bytearray, list, tuple,
dict, set, frozenset (Counter and OrderedDict keep their type), datetime/date/time/
timedelta/timezone, Decimal, Path, classes of the standard library (by name), numpy arrays and scalars of plain dtypes (structured ones too;
strides and memory layout are kept), Arrow tables and record batches, pandas DataFrames and
Series (through Arrow IPC). Anything else, an object of an unknown class, a subclass of
int or str, an array of dtype object, is refused with `NotPlainData`, whose message says
"a value of type X, not plain data".

Types are checked exactly (`type(v) is int`), so a rigged subclass cannot slip through;
numpy's own scalar types are the one family of subclasses accepted (np.float64 is a
float). A value the same message holds twice is sent once and decoded as one object.

Two hooks let the layers above extend it without the codec knowing them:
- `encode(..., extra=fn)`: fn(value) -> (tag, payload) or None, for worker handles and
  the harness' own result classes;
- `decode(..., extra=fn)`: fn(tag, payload) -> value for those tags.
"""
from __future__ import annotations

import datetime as dt
import decimal
import pathlib
import struct
import sys
from collections import Counter, OrderedDict, defaultdict
from typing import Any, Callable

MAX_DEPTH = 200


class NotPlainData(TypeError):
    """A value the codec refuses."""

    def __init__(self, value: Any, why: str = ""):
        kind = type(value)
        name = kind.__qualname__ if kind.__module__ in ("builtins", None) else f"{kind.__module__}.{kind.__qualname__}"
        super().__init__(f"a value of type {name}, not plain data{': ' + why if why else ''}")
        self.type_name = name


# A reply that is only a successful call's value starts with this byte, then the value. No
# tag of the codec is this byte, so such a reply can never be mistaken for another.
JUST_A_VALUE = b"\x01"


class CorruptMessage(ValueError):
    """Bytes that are not a message of this codec."""


_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
_Q = struct.Struct("<q")
_D = struct.Struct("<d")
_I = struct.Struct("<I")


def _numpy():
    return sys.modules.get("numpy")  # no numpy imported: no value can be an array


_SCALARS: dict = {}


def _numpy_scalars() -> dict:
    """{numpy scalar type: (one-byte code, (dtype, size))}, once numpy is imported."""
    if not _SCALARS and _numpy() is not None:
        np = _numpy()
        for code, kind in ((b"d", np.float64), (b"f", np.float32), (b"q", np.int64), (b"i", np.int32),
                           (b"?", np.bool_), (b"Q", np.uint64), (b"B", np.uint8)):
            _SCALARS[kind] = (code, (np.dtype(kind), np.dtype(kind).itemsize))
    return _SCALARS


# ---------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------

class Encoder:
    def __init__(self, extra: Callable[[Any], tuple[str, Any] | None] | None = None, object_arrays: bool = False):
        self.object_arrays = object_arrays  # the grader's own test data may hold str in object arrays
        self.out = bytearray()
        self.memo: dict[int, int] = {}  # id(value) -> index, for values seen twice
        self.keep: list[Any] = []  # keeps memoised values alive so their ids stay unique
        self.arrays: list[Any] = []  # every ndarray in encoding order (views are sent against them)
        self.open: set[int] = set()  # ids of the containers being encoded right now
        self.extra = extra

    def _raw(self, tag: bytes, data: bytes = b"") -> None:
        self.out += tag
        self.out += _I.pack(len(data))
        self.out += data

    def _count(self, tag: bytes, n: int) -> None:
        self.out += tag
        self.out += _I.pack(n)

    def value(self, v: Any, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise NotPlainData(v, f"nested more than {MAX_DEPTH} levels deep")
        kind = type(v)
        if v is None:
            self.out += b"N"
        elif kind is bool:
            self.out += b"T" if v else b"F"
        elif kind is int:
            if -(2**63) <= v < 2**63:
                self.out += b"i" + _Q.pack(v)
            else:
                self._raw(b"I", v.to_bytes((v.bit_length() + 8) // 8, "little", signed=True))
        elif kind is float:
            self.out += b"f" + _D.pack(v)
        elif kind is complex:
            self.out += b"c" + _D.pack(v.real) + _D.pack(v.imag)
        elif kind is str:
            self._raw(b"s", v.encode("utf-8", "surrogatepass"))
        elif kind is bytes:
            self._raw(b"b", v)
        elif kind in _numpy_scalars():  # the common numpy scalars, without memo or dtype spec
            code, _ = _numpy_scalars()[kind]
            self.out += b"G" + code + v.tobytes()
        else:
            self._object(v, kind, depth)

    def _object(self, v: Any, kind: type, depth: int) -> None:
        key = id(v)
        if key in self.memo:
            if key in self.open:
                raise NotPlainData(v, "a value that contains itself")
            self.out += b"r" + _I.pack(self.memo[key])
            return
        self.memo[key] = len(self.memo)
        self.keep.append(v)
        self.out += b"m"  # the next value gets the next memo index
        self.open.add(key)
        try:
            self._contents(v, kind, depth)
        finally:
            self.open.discard(key)

    def _contents(self, v: Any, kind: type, depth: int) -> None:
        if self.extra is not None and kind not in _CONTAINERS:  # the hooks never claim a plain container
            special = self.extra(v)
            if special is not None:
                tag, payload = special
                self._raw(b"x", tag.encode())
                self.value(payload, depth + 1)
                return
        if kind is bytearray:
            self._raw(b"B", bytes(v))
        elif kind in (list, tuple, set, frozenset):
            self._count({list: b"l", tuple: b"t", set: b"S", frozenset: b"Z"}[kind], len(v))
            for item in v:
                self.value(item, depth + 1)
        elif kind in (dict, Counter, OrderedDict, defaultdict):
            # defaultdict travels as a dict: its factory is code, and code does not travel
            self._count({dict: b"d", defaultdict: b"d", Counter: b"C", OrderedDict: b"O"}[kind], len(v))
            for k, item in v.items():
                self.value(k, depth + 1)
                self.value(item, depth + 1)
        elif kind in (dt.datetime, dt.date, dt.time, dt.timedelta):
            self._temporal(v, kind, depth)
        elif kind is dt.timezone or kind.__module__ == "zoneinfo" and kind.__name__ == "ZoneInfo":
            self.out += b"z"
            self.value(_tz(v), depth + 1)
        elif kind is decimal.Decimal:
            self._raw(b"X", str(v).encode())
        elif kind is type and _importable_type(v):  # e.g. an allow-listed class an unpickler returns
            self._raw(b"y", f"{v.__module__}:{v.__qualname__}".encode())
        elif isinstance(v, pathlib.PurePath) and type(v).__module__ == "pathlib":
            self._raw(b"p", str(v).encode("utf-8", "surrogateescape"))
        else:
            self._library(v, kind, depth)

    def _temporal(self, v: Any, kind: type, depth: int) -> None:
        if kind is dt.timedelta:
            fields: tuple = (v.days, v.seconds, v.microseconds)
            self.out += b"L"
        elif kind is dt.date:
            fields = (v.year, v.month, v.day)
            self.out += b"E"
        else:
            parts = ((v.year, v.month, v.day) if kind is dt.datetime else ()) + (
                v.hour, v.minute, v.second, v.microsecond, v.fold)
            fields = (*parts, _tz(v.tzinfo))
            self.out += b"D" if kind is dt.datetime else b"M"
        self.value(tuple(fields), depth + 1)

    def _library(self, v: Any, kind: type, depth: int) -> None:
        module = kind.__module__.split(".")[0]
        np = _numpy()
        if np is not None and kind is np.ndarray:
            self._array(v, depth)
        elif np is not None and isinstance(v, np.generic) and module == "numpy":
            if v.dtype.kind == "O":
                raise NotPlainData(v, "a numpy object scalar")
            self.out += b"g"
            self.value(dtype_spec(v.dtype), depth + 1)
            self._raw(b"b", v.tobytes())
        elif module == "pyarrow" and kind.__name__ in ("Table", "RecordBatch"):
            self._raw(b"A" if kind.__name__ == "Table" else b"R", _arrow_bytes(v))
        elif module == "pandas" and kind.__name__ in ("DataFrame", "Series"):
            self._pandas(v, kind.__name__)
        else:
            raise NotPlainData(v)

    def _array(self, a: Any, depth: int) -> None:
        if a.dtype.hasobject:
            if not (self.object_arrays and a.dtype.kind == "O"):
                raise NotPlainData(a, "an array of dtype object")
            self.out += b"o"
            self.value((tuple(a.shape), a.reshape(-1).tolist()), depth + 1)  # each item must be plain
            return
        self.arrays.append(a)
        low, high = _byte_span(a)
        self.out += b"a"
        self.value((dtype_spec(a.dtype), tuple(a.shape), tuple(a.strides), a.ctypes.data - low,
                    bool(a.flags.writeable)), depth + 1)
        self._raw(b"b", _span_bytes(a, low, high))

    def _pandas(self, v: Any, kind: str) -> None:
        import pyarrow as pa

        frame = v.to_frame(name="__series__" if v.name is None else v.name) if kind == "Series" else v
        try:
            table = pa.Table.from_pandas(frame, preserve_index=True)
        except (pa.ArrowException, TypeError, ValueError) as exc:
            raise NotPlainData(v, f"a column holds Python objects ({exc})") from None
        self._raw(b"P" if kind == "DataFrame" else b"Q", _arrow_bytes(table))


def _importable_type(cls: type) -> bool:
    """A class of the standard library: it travels by name and is looked up on the other side."""
    module = cls.__module__ or ""
    return (module == "builtins" or module.split(".")[0] in sys.stdlib_module_names) and _lookup_type(
        f"{module}:{cls.__qualname__}") is cls


def _lookup_type(name: str) -> Any:
    """The class by name, from a module this process has already imported: never an import,
    since the other side names the module and importing one can run code."""
    module, _, qualname = name.partition(":")
    root = module.split(".")[0]
    if module != "builtins" and root not in sys.stdlib_module_names:
        raise CorruptMessage(f"{name} is not a class of the standard library")
    found: Any = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found if isinstance(found, type) else None


def _tz(tzinfo: Any) -> Any:
    if tzinfo is None:
        return None
    if tzinfo is dt.timezone.utc:
        return "UTC"
    if type(tzinfo) is dt.timezone:
        off = tzinfo.utcoffset(None)
        return (off.days * 86400 + off.seconds) * 10**6 + off.microseconds
    if type(tzinfo).__module__ == "zoneinfo":
        return ("zone", tzinfo.key)
    raise NotPlainData(tzinfo, "a tzinfo that is neither a fixed offset nor a zoneinfo zone")


def dtype_spec(d: Any) -> Any:
    """A numpy dtype as plain data: its str for a simple dtype, a dict for a structured one."""
    if d.hasobject:
        raise NotPlainData(d, "a dtype that holds Python objects")
    if d.subdtype is not None:
        base, shape = d.subdtype
        return ("sub", dtype_spec(base), tuple(shape))
    if d.names is not None:
        return {"names": list(d.names), "formats": [dtype_spec(d.fields[n][0]) for n in d.names],
                "offsets": [d.fields[n][1] for n in d.names], "itemsize": d.itemsize,
                "aligned": bool(d.isalignedstruct)}
    return d.str


def dtype_from_spec(spec: Any) -> Any:
    import numpy as np

    if isinstance(spec, str):
        d = np.dtype(spec)
    elif isinstance(spec, tuple) and len(spec) == 3 and spec[0] == "sub":
        d = np.dtype((dtype_from_spec(spec[1]), spec[2]))
    elif isinstance(spec, dict):
        d = np.dtype({"names": spec["names"], "formats": [dtype_from_spec(f) for f in spec["formats"]],
                      "offsets": spec["offsets"], "itemsize": spec["itemsize"]}, align=spec["aligned"])
    else:
        raise CorruptMessage(f"not a dtype: {spec!r}")
    if d.hasobject:
        raise CorruptMessage("a dtype that holds Python objects")
    return d


def _byte_span(a: Any) -> tuple[int, int]:
    """[low, high) addresses of the memory the array's elements occupy."""
    import numpy as np

    try:
        from numpy.lib.array_utils import byte_bounds
    except ImportError:  # numpy < 2
        byte_bounds = np.byte_bounds
    if a.size == 0:
        return a.ctypes.data, a.ctypes.data
    return byte_bounds(a)


def _span_bytes(a: Any, low: int, high: int) -> bytes:
    import ctypes

    if high <= low:
        return b""
    return ctypes.string_at(low, high - low)


def _arrow_bytes(v: Any) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, v.schema) as writer:
        writer.write(v) if hasattr(writer, "write") else writer.write_table(v)
    return sink.getvalue().to_pybytes()


def encode(value: Any, extra: Callable[[Any], tuple[str, Any] | None] | None = None,
           object_arrays: bool = False) -> tuple[bytes, list]:
    """(the bytes of `value`, every ndarray it holds in encoding order). `object_arrays`
    lets arrays of dtype object through when every item is plain (the grader's own data)."""
    enc = Encoder(extra, object_arrays)
    enc.value(value)
    return bytes(enc.out), enc.arrays


# ---------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------

class Decoder:
    def __init__(self, data: bytes, extra: Callable[[str, Any], Any] | None = None, object_arrays: bool = False):
        self.object_arrays = object_arrays
        self.buf = bytes(data)
        self.end = len(self.buf)
        self.pos = 0
        self.memo: list[Any] = []
        self.arrays: list[Any] = []  # every ndarray decoded, in order
        self.extra = extra

    def _take(self, n: int) -> bytes:
        pos = self.pos
        if pos + n > self.end:
            raise CorruptMessage("the message ends early")
        self.pos = pos + n
        return self.buf[pos:pos + n]

    def _u32(self) -> int:
        pos = self.pos
        if pos + 4 > self.end:
            raise CorruptMessage("the message ends early")
        self.pos = pos + 4
        return _I.unpack_from(self.buf, pos)[0]

    def _blob(self) -> bytes:
        return self._take(self._u32())

    def value(self, depth: int = 0) -> Any:
        # The hot path of every reply: one byte of tag, then the value (tags as ints: no slicing).
        if depth > MAX_DEPTH + 10:
            raise CorruptMessage("nested too deep")
        pos = self.pos
        if pos >= self.end:
            raise CorruptMessage("the message ends early")
        tag = self.buf[pos]
        self.pos = pos + 1
        if tag == 78:  # N
            return None
        if tag == 84:  # T
            return True
        if tag == 70:  # F
            return False
        if tag == 115:  # s
            return self._blob().decode("utf-8", "surrogatepass")
        if tag == 105:  # i
            return _Q.unpack(self._take(8))[0]
        if tag == 102:  # f
            return _D.unpack(self._take(8))[0]
        if tag == 109:  # m: the next value gets the next memo index
            slot = len(self.memo)
            self.memo.append(None)
            value = self._object(depth)
            self.memo[slot] = value
            return value
        if tag == 98:  # b
            return self._blob()
        if tag == 73:  # I
            return int.from_bytes(self._blob(), "little", signed=True)
        if tag == 99:  # c
            return complex(_D.unpack(self._take(8))[0], _D.unpack(self._take(8))[0])
        if tag == 71:  # G: a common numpy scalar
            import numpy as np

            code = self._take(1)
            for kind, (known, (dtype, size)) in _numpy_scalars().items():
                if known == code:
                    return np.frombuffer(self._take(size), dtype=dtype)[0]
            raise CorruptMessage(f"unknown numpy scalar code {code!r}")
        if tag == 114:  # r
            index = self._u32()
            if index >= len(self.memo):
                raise CorruptMessage("a reference to a value not yet sent")
            return self.memo[index]
        raise CorruptMessage(f"unknown tag {bytes([tag])!r}")

    def _object(self, depth: int) -> Any:
        tag = self._take(1)
        if tag == b"x":
            name = self._blob().decode()
            payload = self.value(depth + 1)
            if self.extra is None:
                raise CorruptMessage(f"an extension value {name!r} where none is expected")
            return self.extra(name, payload)
        if tag == b"B":
            return bytearray(self._blob())
        if tag in (b"l", b"t", b"S", b"Z"):
            items = [self.value(depth + 1) for _ in range(self._u32())]
            return {b"l": list, b"t": tuple, b"S": set, b"Z": frozenset}[tag](items)
        if tag in (b"d", b"C", b"O"):
            n = self._u32()
            out = {b"d": dict, b"C": Counter, b"O": OrderedDict}[tag]()
            for _ in range(n):
                k = self.value(depth + 1)
                out[k] = self.value(depth + 1)
            return out
        if tag in (b"D", b"M", b"E", b"L"):
            fields = self.value(depth + 1)
            if tag == b"L":
                return dt.timedelta(*fields)
            if tag == b"E":
                return dt.date(*fields)
            *parts, fold, tz = fields
            cls = dt.datetime if tag == b"D" else dt.time
            return cls(*parts, tzinfo=_tz_from(tz), fold=fold)
        if tag == b"y":
            found = _lookup_type(self._blob().decode())
            if found is None:
                raise CorruptMessage("a class that is not there")
            return found
        if tag == b"z":
            return _tz_from(self.value(depth + 1))
        if tag == b"X":
            return decimal.Decimal(self._blob().decode())
        if tag == b"p":
            return pathlib.Path(self._blob().decode("utf-8", "surrogateescape"))
        if tag == b"g":
            import numpy as np

            d = dtype_from_spec(self.value(depth + 1))
            return np.frombuffer(self.value(depth + 1), dtype=d)[0]
        if tag == b"a":
            return self._array(depth)
        if tag == b"o" and self.object_arrays:
            import numpy as np

            shape, items = self.value(depth + 1)
            a = np.empty(len(items), dtype=object)
            a[:] = items
            return a.reshape(shape)
        if tag in (b"A", b"R", b"P", b"Q"):
            return _from_arrow(tag, self._blob())
        raise CorruptMessage(f"unknown tag {tag!r}")

    def _array(self, depth: int) -> Any:
        import numpy as np

        spec, shape, strides, offset, writeable = self.value(depth + 1)
        d = dtype_from_spec(spec)
        span = self.value(depth + 1)
        buffer = bytearray(span) if span else bytearray(max(d.itemsize, 1))
        try:
            a = np.ndarray(shape, d, buffer=buffer, offset=offset, strides=strides)
        except (TypeError, ValueError) as exc:
            raise CorruptMessage(f"an array whose layout does not fit its bytes: {exc}") from None
        if not writeable:
            a.flags.writeable = False
        self.arrays.append(a)
        return a


def _tz_from(tz: Any) -> Any:
    if tz is None:
        return None
    if tz == "UTC":
        return dt.timezone.utc
    if isinstance(tz, int):
        return dt.timezone(dt.timedelta(microseconds=tz))
    if isinstance(tz, tuple) and tz[0] == "zone":
        import zoneinfo

        return zoneinfo.ZoneInfo(tz[1])
    raise CorruptMessage(f"not a time zone: {tz!r}")


def _from_arrow(tag: bytes, data: bytes) -> Any:
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    if tag == b"A":
        return table
    if tag == b"R":
        batches = table.to_batches()
        return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)
    frame = table.to_pandas()
    if tag == b"P":
        return frame
    series = frame.iloc[:, 0]
    return series.rename(None) if series.name == "__series__" else series


def decode(data: bytes, extra: Callable[[str, Any], Any] | None = None,
           object_arrays: bool = False) -> tuple[Any, list]:
    """(the value, every ndarray decoded in order); `CorruptMessage` for bytes that are not one."""
    dec = Decoder(data, extra, object_arrays)
    try:
        value = dec.value()
    except CorruptMessage:
        raise
    except (ValueError, TypeError, OverflowError, struct.error, UnicodeDecodeError, KeyError, IndexError) as exc:
        raise CorruptMessage(f"{type(exc).__name__}: {exc}") from None
    if dec.pos != dec.end:
        raise CorruptMessage("bytes after the end of the value")
    return value, dec.arrays
