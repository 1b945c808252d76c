"""The worker: one kata module of one submission, in a process of its own, behind walls.

    python -I -m graders.isolation.worker FD

The grader sends the set-up first (which kata, from which folder, which classes of the
stub are stateful objects and which are result records, which meters to load), then one
request at a time over the socket FD; each reply is plain data (graders.isolation.codec).
The meters a request may ask for are imported before the candidate's module, so their
code is bound before the candidate runs; what the candidate can still do to them inside
this process is in the README ("What the grader defends against").
"""
from __future__ import annotations

import dataclasses
import gc
import marshal
import os
import socket
import sys
import traceback
import types
from pathlib import Path
from typing import Any

from graders.isolation import channel, codec, fastcalls

# The special methods a handle forwards to its object (the rest are the grader's own).
FORWARDED = frozenset({"__len__", "__iter__", "__next__", "__getitem__", "__setitem__", "__contains__", "__enter__",
                       "__exit__", "__call__", "__bool__"})
# Their values travel as data (the codec's), never as handles.
_DATA_MODULES = ("builtins", "numpy", "pandas", "pyarrow", "datetime", "collections", "decimal", "pathlib")
DANGEROUS = (KeyboardInterrupt, SystemExit, GeneratorExit)  # raised by the candidate: a failure, not an order


class Worker:
    def __init__(self, sock: socket.socket, config: dict):
        self.sock = sock
        self.kata_id: str = config["kata"]
        self.impl_root = Path(config["impl"])
        self.stateful: set[str] = set(config["stateful"])
        self.records: set[str] = set(config["records"])
        self.objects: dict[int, Any] = {}
        self.handed_out: set[type] = set()  # classes the tests reached through the module
        self.next_id = 1
        self.staged: dict[int, list] = {}
        self.pinned: dict[int, Any] = {}
        self.batch_index: int | None = None  # which call of a batch is running  # a timed callable's data, the same objects for every block
        self.module: types.ModuleType | None = None
        self.meters = {name: __import__(f"graders.meters.{name}", fromlist=["_"]) for name in config["meters"]}

    # -- handles ---------------------------------------------------------------------------
    def handle(self, obj: Any, kind: str) -> tuple:
        oid = self.next_id
        self.next_id += 1
        self.objects[oid] = obj
        methods: list[str] = []
        if kind in ("object", "iterator"):
            methods = [n for n in dir(type(obj)) if (not n.startswith("_") or n in FORWARDED)
                       and callable(getattr(type(obj), n, None))]
        name = getattr(obj, "__qualname__", type(obj).__qualname__)
        return oid, kind, name, methods

    def _from_kata(self, kind: type) -> bool:
        return self.module is not None and kind.__module__ == self.module.__name__

    def encode_extra(self, v: Any, *, attribute: bool = False, meter: bool = False) -> tuple[str, Any] | None:
        kind = type(v)
        if isinstance(v, type):
            if issubclass(v, BaseException):
                return "exception_class", exception_mro(v)
            if attribute and str(getattr(v, "__module__", None) or "").split(".")[0] not in _DATA_MODULES:
                self.handed_out.add(v)  # e.g. a protobuf message class the kata builds: its objects are handles
                return "handle", self.handle(v, "class")
            return None
        if meter and kind in self.harness_types():
            return "harness", (kind.__name__, {f.name: getattr(v, f.name) for f in dataclasses.fields(v)})
        if isinstance(v, types.GeneratorType):
            return "handle", self.handle(v, "iterator")
        if dataclasses.is_dataclass(v) and self._from_kata(kind) and kind.__name__ in self.records:
            return "record", (kind.__name__, {f.name: getattr(v, f.name) for f in dataclasses.fields(v)})
        if kind in self.handed_out or (self._from_kata(kind) and any(
                c.__name__ in self.stateful and self._from_kata(c) for c in kind.__mro__)):
            return "handle", self.handle(v, "object")
        if attribute and callable(v):
            return "handle", self.handle(v, "function")
        return None  # the codec decides: plain data, or refused

    @staticmethod
    def harness_types() -> tuple:
        co = sys.modules.get("graders.meters.coalescing")
        return (co.Trace, co.Site, co.Race) if co else ()

    def decode_extra(self):
        def extra(tag: str, payload: Any) -> Any:
            if tag == "handle":
                if payload not in self.objects:
                    raise codec.CorruptMessage(f"no object with handle {payload}")
                return self.objects[payload]
            if tag == "slot":  # a result of an earlier call of a recorded program
                return _Slot(payload)
            if tag == "pin":
                return self.pinned[payload]
            raise codec.CorruptMessage(f"unexpected {tag!r} in a request")
        return extra

    # -- requests --------------------------------------------------------------------------
    def serve(self) -> None:
        while True:
            try:
                data = channel.recv(self.sock)
            except channel.ChannelClosed:
                return
            reply = self.answer(data)
            channel.send(self.sock, reply)

    def answer(self, data: bytes) -> bytes:
        arrays: list = []
        meter = False
        try:
            if data[:1] == fastcalls.MARKER:  # only the grader writes this form (see fastcalls)
                request = fastcalls.read(data, self.objects)
            else:
                request, arrays = codec.decode(data, self.decode_extra(), object_arrays=True)
            op = request["op"]
            meter = op == "meter"
            value, writeback = getattr(self, f"op_{op}")(request, arrays)
            attribute = isinstance(value, _Attribute)
            reply = {"ok": True, "value": value.value if attribute else value, "writeback": writeback,
                     "attribute": attribute}
        except DANGEROUS as exc:
            reply = {"ok": False, "error": describe_error(exc, self.impl_root, dangerous=True), "index": self.batch_index}
        except BaseException as exc:  # noqa: BLE001  (everything the candidate raises goes back as an error)
            reply = {"ok": False, "error": describe_error(exc, self.impl_root), "index": self.batch_index}
        self.batch_index = None
        return self.encode_reply(reply, arrays, meter)

    def encode_reply(self, reply: dict, arrays: list, meter: bool) -> bytes:
        attribute = reply.pop("attribute", False)
        try:
            extra = lambda v: self.encode_extra(v, attribute=attribute, meter=meter) or _view_of(v, arrays)  # noqa: E731
            if reply["ok"] and reply["writeback"] is None:  # the common case, in its short form
                return codec.JUST_A_VALUE + codec.encode(reply["value"], extra)[0]
            data, _ = codec.encode(reply, extra)
            return data
        except codec.NotPlainData as exc:
            refused = {"ok": False, "refused": str(exc), "type": exc.type_name}
            return codec.encode(refused)[0]
        except Exception as exc:  # noqa: BLE001  (a value whose attributes raise while it is encoded)
            return codec.encode({"ok": False, "error": describe_error(exc, self.impl_root)})[0]

    def resolve(self, target: Any) -> Any:
        return self.module if target is None else target

    def op_getattr(self, req: dict, arrays: list):
        obj = self.resolve(req["target"])
        value = getattr(obj, req["name"])
        if isinstance(value, types.ModuleType):
            raise TypeError(f"{req['name']} is a module, not part of the kata's API")
        return _Attribute(value), None

    def op_setattr(self, req: dict, arrays: list):
        setattr(self.resolve(req["target"]), req["name"], req["value"])
        return None, None

    def op_call(self, req: dict, arrays: list):
        fn = self.resolve(req["target"])
        if req.get("name"):
            fn = getattr(fn, req["name"]) if not req["name"].startswith("__") else _dunder(fn, req["name"])
        args, kwargs = req["args"], req["kwargs"]
        before = [_plain_bytes(a) if _mutable(a) else None for a in args]
        result = fn(*args, **kwargs)
        # in-place edits of arguments travel back, as they would show in one process
        changed = {i: a for i, (a, b) in enumerate(zip(args, before)) if b is not None and _plain_bytes(a) != b}
        return result, changed or None

    def op_batch(self, req: dict, arrays: list):
        """Calls whose results the test does not use, in order; the first that raises ends it."""
        for index, (target, name, args, kwargs) in enumerate(req["calls"]):
            self.batch_index = index
            fn = self.resolve(target)
            if name:
                fn = getattr(fn, name) if not name.startswith("__") else _dunder(fn, name)
            fn(*args, **kwargs)  # immutable arguments: nothing to write back
        self.batch_index = None
        return None, None

    def op_release(self, req: dict, arrays: list):
        for oid in req["handles"]:
            self.objects.pop(oid, None)
        return None, None

    def op_stage(self, req: dict, arrays: list):
        """A recorded program of calls, decoded now so that `run` times only the calls."""
        key = len(self.staged) + 1
        steps = []
        for target, name, args, kwargs in req["program"]:
            steps.append((target, name, tuple(args), kwargs,
                          any(isinstance(a, _Slot) for a in (*args, *kwargs.values())) or isinstance(target, _Slot)))
        self.staged[key] = steps
        return key, None

    def op_pin(self, req: dict, arrays: list):
        self.pinned[req["index"]] = req["value"]
        return None, None

    def op_unpin(self, req: dict, arrays: list):
        self.pinned.clear()
        return None, None

    def op_run(self, req: dict, arrays: list):
        steps = self.staged.pop(req["stage"])
        gc.collect(0)  # as the in-process time meter does around a timed block
        gc.disable()
        try:
            run_program(self.resolve, steps)
        finally:
            gc.enable()
        return None, None

    def op_meter(self, req: dict, arrays: list):
        kind, fn = req["kind"], req["target"]
        if isinstance(fn, list):  # a recorded program: the meter measures the whole of it
            steps = self.staged.pop(self.op_stage({"program": fn}, arrays)[0])
            fn = lambda: run_program(self.resolve, steps)  # noqa: E731
        args, kwargs = req["args"], req["kwargs"]
        if kind == "memory.peak":
            peak = self.meters["memory"].peak_memory(fn, *args, **kwargs)
            return {"bytes": peak.bytes, "result": peak.result}, None
        if kind == "memory.flamegraph":
            peak = self.meters["memory"].flamegraph(fn, *args, **kwargs)
            return {"bytes": peak.bytes, "result": peak.result}, None
        if kind == "coalescing.trace":
            return self.meters["coalescing"].trace(fn, *args, **kwargs), None
        if kind == "coalescing.simulate":
            return self.meters["coalescing"].simulate(fn, *args, **kwargs), None
        if kind == "gpu.run":
            return self.meters["gpu"].run_on_gpu(self.kata_id, *args, **kwargs), None
        raise ValueError(f"unknown meter {kind!r}")


class _Attribute:
    """Marks a reply value as an attribute: callables may become handles."""

    def __init__(self, value: Any):
        self.value = value


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def run_program(resolve, steps: list) -> None:
    """Run recorded calls; a call's result is kept only while a later call refers to it."""
    results: list = []
    for target, name, args, kwargs, uses_slots in steps:
        if uses_slots:
            target = results[target.index] if isinstance(target, _Slot) else target
            args = tuple(results[a.index] if isinstance(a, _Slot) else a for a in args)
            kwargs = {k: results[a.index] if isinstance(a, _Slot) else a for k, a in kwargs.items()}
        fn = resolve(target)
        if name:
            fn = getattr(fn, name)
        results.append(fn(*args, **kwargs))


def _dunder(obj: Any, name: str):
    """obj's special method `name` (looked up on its type, as Python does)."""
    if name not in FORWARDED:
        raise AttributeError(f"{name} is not forwarded to the worker")
    method = getattr(type(obj), name)
    if name == "__iter__":
        return lambda: list(method(obj))  # the items travel back as one list
    return lambda *a: method(obj, *a)


def _plain_bytes(value: Any) -> bytes | None:
    """A snapshot of an argument, to tell whether the call edited it in place."""
    if fastcalls.marshallable(value):
        return b"M" + marshal.dumps(value)  # in C: a list of 100,000 events costs microseconds
    try:
        return codec.encode(value)[0]
    except codec.NotPlainData:
        return None


def _mutable(value: Any) -> bool:
    kind = type(value)
    return kind in (list, dict, bytearray) or (kind.__name__ == "ndarray" and kind.__module__ == "numpy"
                                               and value.flags.writeable)


def _view_of(value: Any, arrays: list) -> tuple[str, Any] | None:
    """An array result that is a view of an argument travels as that view, so aliasing shows."""
    np = sys.modules.get("numpy")
    if np is None or type(value) is not np.ndarray or value.base is None or not arrays:
        return None
    for i, arg in enumerate(arrays):
        if arg is not value and arg.size and value.size and np.shares_memory(value, arg):
            low = codec._byte_span(arg)[0]
            return "view", (i, value.ctypes.data - low, tuple(value.shape), tuple(value.strides),
                            codec.dtype_spec(value.dtype), bool(value.flags.writeable))
    return None


def exception_mro(cls: type) -> list[tuple[str, str]]:
    return [(str(c.__module__), str(c.__qualname__)) for c in cls.__mro__ if c is not object]


def describe_error(exc: BaseException, impl_root: Path, dangerous: bool = False) -> dict:
    frames = traceback.extract_tb(exc.__traceback__)
    in_kata = any(Path(f.filename).is_relative_to(impl_root) for f in frames)
    try:
        codec.encode(exc.args)
        args = exc.args
    except Exception:  # noqa: BLE001  (args that are not plain data, or that fail to encode)
        args = (_safe_str(exc),)
    try:
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-12))
    except Exception:  # noqa: BLE001  (formatting calls the exception's __str__ again)
        text = "".join(traceback.format_list(frames[-12:])) + f"{type(exc).__name__}: {_safe_str(exc)}\n"
    return {"mro": exception_mro(type(exc)), "args": args, "str": _safe_str(exc), "traceback": text[-4000:],
            "in_kata": in_kata, "dangerous": dangerous}


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
        return text[:4000] if isinstance(text, str) else f"<{type(exc).__name__} whose str() is not text>"
    except Exception:  # noqa: BLE001
        return f"<{type(exc).__name__} whose str() fails>"


def main(argv: list[str]) -> int:
    sock = socket.socket(fileno=int(argv[0]))
    config, _ = codec.decode(channel.recv(sock))
    worker = Worker(sock, config)
    from graders import impl

    try:
        impl.select(str(worker.impl_root), worker.impl_root)
        worker.module = impl.load(worker.kata_id)
        hello: dict = {"ok": True}
    except impl.KataLoadError as exc:
        hello = {"ok": False, "load_error": str(exc)}
    except BaseException as exc:  # noqa: BLE001  (KeyboardInterrupt: impl.load lets it through)
        hello = {"ok": False, "load_error": f"{worker.kata_id}: {impl.kata_file(worker.kata_id)} does not import: "
                                            f"{type(exc).__name__}: {_safe_str(exc)}"}
    channel.send(sock, codec.encode(hello)[0])
    if hello["ok"]:
        worker.serve()
    sock.close()
    os._exit(0)  # no atexit hook of the candidate's runs after the grader hung up


if __name__ == "__main__":
    main(sys.argv[1:])
