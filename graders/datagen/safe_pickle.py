"""Malicious and benign pickles for formats.safe_pickle.

Every payload, loaded with plain `pickle.loads`, creates the file at `path` (tests check
that first, as a positive control); a safe loader must refuse it and the file must not
exist afterwards. Payloads only ever create an empty file at the path they are given.
`first_refused` is the first global an allow-list loader meets, which its error names.
"""
from __future__ import annotations

import collections
import copyreg
import datetime
import decimal
import logging
import os
import pathlib
import pickle
import struct
from dataclasses import dataclass
from typing import Callable


class _Reduce:
    """An object that pickles as `func(*args)`: what a malicious __reduce__ returns."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def _dumps(obj, protocol: int) -> bytes:
    return pickle.dumps(obj, protocol=protocol)


def io_open(path: str, protocol: int) -> bytes:
    """open(path, 'w'): pickled as the global io.open (_io.open from Python 3.12)."""
    return _dumps(_Reduce(open, path, "w"), protocol)


def builtins_eval(path: str, protocol: int) -> bytes:
    """eval("open(path, 'w').close()"): pickled as builtins.eval (__builtin__.eval at protocol < 3)."""
    return _dumps(_Reduce(eval, f"open({path!r}, 'w').close()"), protocol)


def builtins_exec(path: str, protocol: int) -> bytes:
    """exec of a statement that imports pathlib and touches the file."""
    return _dumps(_Reduce(exec, f"import pathlib; pathlib.Path({path!r}).touch()"), protocol)


def os_system(path: str, protocol: int) -> bytes:
    """os.system("touch path"): pickled as posix.system (nt.system on Windows)."""
    return _dumps(_Reduce(os.system, f"touch '{path}'"), protocol)


def path_touch(path: str, protocol: int) -> bytes:
    """Path(path).touch(): the bound method pickles as builtins.getattr(PosixPath(...), 'touch')."""
    return _dumps(_Reduce(pathlib.Path(path).touch), protocol)


def reconstructor_file_handler(path: str, protocol: int) -> bytes:
    """copyreg._reconstructor(FileHandler, FileHandler, path) runs FileHandler.__init__(path)."""
    cls = logging.FileHandler
    return _dumps(_Reduce(copyreg._reconstructor, cls, cls, path), protocol)


def nested(path: str, protocol: int) -> bytes:
    """A harmless-looking structure with an eval payload deep inside a dict in a list."""
    inner = _Reduce(eval, f"open({path!r}, 'w').close()")
    return _dumps([1, "two", {"three": (3.0, [None, {"x": inner}])}], protocol)


def unicode_op(s: str) -> bytes:
    """A str push: SHORT_BINUNICODE (1-byte length) or BINUNICODE (4-byte length) for long ones."""
    b = s.encode("utf-8", "surrogatepass")
    if len(b) < 256:
        return b"\x8c" + bytes([len(b)]) + b
    return b"X" + struct.pack("<I", len(b)) + b


def inst_opcode(path: str, protocol: int) -> bytes:
    """Hand-written protocol 0: MARK, two strings, INST io open (INST calls the class it finds)."""
    del protocol  # INST exists only in protocol 0 text
    # UNICODE args are raw-unicode-escape text: escape backslashes (Windows paths) as pickle does.
    text = path.replace("\\", "\\u005c").replace("\n", "\\u000a").encode("raw_unicode_escape")
    return b"(V" + text + b"\nVw\niio\nopen\n."


def stack_global_after_pop(path: str, protocol: int) -> bytes:
    """Hand-written protocol 4: push 'builtins', push a decoy, POP it, push 'eval': STACK_GLOBAL."""
    del protocol
    call = unicode_op(f"open({path!r}, 'w').close()")
    return b"\x80\x04" + unicode_op("builtins") + unicode_op("os") + b"0" + unicode_op("eval") + b"\x93" + call + b"\x85R."


def memo_stack_global(path: str, protocol: int) -> bytes:
    """Hand-written protocol 4: 'builtins' memoized, popped, fetched back with BINGET."""
    del protocol
    call = unicode_op(f"open({path!r}, 'w').close()")
    return (b"\x80\x04" + unicode_op("builtins") + b"\x94" + b"0" + unicode_op("junk") + b"0"
            + b"h\x00" + unicode_op("eval") + b"\x93" + call + b"\x85R.")


@dataclass(frozen=True)
class Payload:
    name: str
    build: Callable[[str, int], bytes]
    first_refused: str
    protocols: tuple[int, ...] = tuple(range(pickle.HIGHEST_PROTOCOL + 1))
    posix_only: bool = False


PAYLOADS = (
    Payload("io.open", io_open, f"{open.__module__}.open"),
    Payload("builtins.eval", builtins_eval, "builtins.eval"),
    Payload("builtins.exec", builtins_exec, "builtins.exec"),
    Payload("os.system", os_system, f"{os.system.__module__}.system", posix_only=True),
    Payload("Path.touch", path_touch, "builtins.getattr"),
    Payload("copyreg._reconstructor", reconstructor_file_handler, "copyreg._reconstructor"),
    Payload("nested-eval", nested, "builtins.eval"),
    Payload("INST-opcode", inst_opcode, "io.open", protocols=(0,)),
    Payload("STACK_GLOBAL-after-POP", stack_global_after_pop, "builtins.eval", protocols=(4,)),
    Payload("STACK_GLOBAL-from-memo", memo_stack_global, "builtins.eval", protocols=(4,)),
)


def cases(payloads=PAYLOADS):
    """(payload, protocol) pairs with readable ids, for pytest.mark.parametrize."""
    import pytest

    out = []
    for p in payloads:
        marks = [pytest.mark.skipif(os.name != "posix", reason="needs a POSIX shell")] if p.posix_only else []
        for proto in p.protocols:
            out.append(pytest.param(p, proto, id=f"{p.name}-p{proto}", marks=marks))
    return out


def close_all(obj) -> None:
    """Close what a positive-control load returned (files, handlers), so nothing leaks."""
    if isinstance(obj, (list, tuple)):
        for item in obj:
            close_all(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            close_all(item)
    elif hasattr(obj, "close"):
        obj.close()


def benign_value():
    """One value with every type the default allow-list promises, nested."""
    return {
        "none": None, "flags": (True, False), "ints": [0, -1, 2**70, -(2**70)], "float": 2.5,
        "complex": 1 - 2j, "text": "héllo ✓", "bytes": b"\x00\xffabc", "empty_bytes": b"",
        "bytearray": bytearray(b"xyz"), "set": {1, 2, 3}, "frozenset": frozenset({"a"}),
        "nested": [[], {}, (), set(), frozenset()],
        "ordered": collections.OrderedDict([("b", 1), ("a", 2)]),
        "when": datetime.datetime(2024, 3, 1, 12, 30, tzinfo=datetime.timezone.utc),
        "naive": datetime.datetime(1999, 12, 31, 23, 59, 59, 999999),
        "day": datetime.date(2020, 2, 29), "time": datetime.time(7, 8, 9),
        "delta": datetime.timedelta(days=-1, seconds=5),
        "tz": datetime.timezone(datetime.timedelta(hours=5, minutes=30), "IST"),
        "price": decimal.Decimal("19.99"),
    }


class _Inert:
    """Stands in for every global while recording: accepts any call, item or state."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Inert()

    def __setitem__(self, key, value):
        pass

    def __getattr__(self, name):  # append, extend, __setstate__, add ...
        return lambda *args, **kwargs: None


def imported_globals(data: bytes) -> list[str]:
    """Oracle for audit: the globals the real unpickler asks find_class for, in order, once
    each, as Python 3 names. Every global is replaced by an inert stand-in, so nothing runs."""
    import _compat_pickle
    import io

    seen: list[str] = []

    class Recorder(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            else:
                module = _compat_pickle.IMPORT_MAPPING.get(module, module)
            full = f"{module}.{name}"
            if full not in seen:
                seen.append(full)
            return _Inert

    Recorder(io.BytesIO(data)).load()
    return seen
