"""Trace capture: kernel array arguments wrapped so that every element load and store is
recorded with its simulated thread, its source site and its barrier epoch."""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from graders.meters.coalescing.segments import ALIGN
from graders.meters.coalescing.scheduler import install_fast_scheduler

# ---------------------------------------------------------------------------------------
# The tracer
# ---------------------------------------------------------------------------------------

_METER_DIR = os.path.normcase(os.path.dirname(os.path.abspath(__file__))) + os.sep  # frames of the meter itself
_ATOMIC_NAMES = frozenset(
    "add sub and_ or_ xor inc dec exch max min nanmax nanmin compare_and_swap cas".split()
)
_frame_class: dict[Any, int] = {}  # code object -> 0 skip, 1 atomic (skip), 2 user code
_numba_dirs: tuple[str, ...] = ()
_positions_cache: dict[Any, list] = {}


def _where(code, lasti: int, lineno: int) -> tuple:
    """(line, column, end column) of the instruction at `lasti` (Python 3.11+ column table)."""
    table = _positions_cache.get(code)
    if table is None:
        try:
            table = [(p[0], p[2], p[3]) for p in code.co_positions()]
        except AttributeError:  # Python 3.10: no column table, and no specialisation either
            table = []
        _positions_cache[code] = table
    i = lasti // 2
    return table[i] if i < len(table) else (lineno, lasti, None)


def _classify(code) -> int:
    kind = _frame_class.get(code)
    if kind is None:
        global _numba_dirs
        if not _numba_dirs:
            import numba
            from numba.cuda import simulator

            # numba itself, and the simulator's package (numba-cuda installs it elsewhere)
            cuda_dir = os.path.dirname(os.path.dirname(os.path.abspath(simulator.__file__)))
            _numba_dirs = tuple(os.path.normcase(d) + os.sep
                                for d in (os.path.dirname(os.path.abspath(numba.__file__)), cuda_dir))
        path = os.path.normcase(os.path.abspath(code.co_filename))
        if path.startswith(_METER_DIR):
            kind = 0
        elif path.startswith(_numba_dirs):
            kind = 1 if path.endswith("kernelapi.py") and code.co_name in _ATOMIC_NAMES else 0
        else:
            kind = 2
        _frame_class[code] = kind
    return kind


@dataclass
class _SiteInfo:
    code: Any
    lasti: int
    line: int
    kind: str  # load | store | atomic
    array: str
    memory: str  # global | shared
    dtype: str
    width: int
    field: str | None
    base: int  # the array's (fake) device address
    shape: tuple
    itemsize: int


class _Recorder:
    """Active while `trace()` runs: patches the simulator and collects accesses."""

    active: "_Recorder | None" = None

    def __init__(self) -> None:
        self.events: list[tuple] = []  # (launch, site, block, thread, epoch, addr)
        self.shared: list[tuple] = []  # (launch, alloc, block, thread, epoch, addr, op, site)
        self.sites: dict[tuple, _SiteInfo] = {}
        self.keys: dict[tuple, tuple] = {}  # (code, f_lasti, kind, array, field) -> site key
        self.untraceable: dict[tuple, str] = {}
        self.launches: list[dict] = []
        self.next_base = 1 << 20
        self.bases: dict[int, tuple[np.ndarray, int]] = {}
        self.patches: list[tuple[Any, str, Any]] = []

    # -- device addresses ---------------------------------------------------------------
    def base_of(self, arr: np.ndarray, on_device: bool) -> int:
        """The fake device address of `arr`'s first byte.

        A host array is copied to a fresh 256-byte aligned allocation at each launch, as numba
        does; a device array (cuda.to_device) keeps its offset within its allocation.
        """
        root = arr
        if on_device:
            while isinstance(root.base, np.ndarray):
                root = root.base
        key = id(root)
        if key not in self.bases:
            self.bases[key] = (root, self.next_base)  # keep `root` alive so its id stays unique
            self.next_base = -(-(self.next_base + root.nbytes + ALIGN) // ALIGN) * ALIGN
        root_addr = root.__array_interface__["data"][0]
        return self.bases[key][1] + (arr.__array_interface__["data"][0] - root_addr)

    # -- patching the simulator -----------------------------------------------------------
    def __enter__(self) -> "_Recorder":
        if _Recorder.active is not None:
            raise RuntimeError("trace() calls cannot be nested")
        from numba import cuda  # noqa: F401  (the simulator, thanks to the variable above)
        from numba.cuda.simulator import kernel as simkernel
        from numba.cuda.simulator import kernelapi

        install_fast_scheduler()
        recorder = self
        orig_call = simkernel.FakeCUDAKernel.__call__
        orig_shared = kernelapi.FakeCUDAShared.array

        def call(kernel, *args):
            if kernel._device:
                return orig_call(kernel, *args)
            import inspect

            try:
                names = list(inspect.signature(kernel.fn).parameters)
            except (TypeError, ValueError):
                names = []
            names += [f"arg{i}" for i in range(len(names), len(args))]
            launch = len(recorder.launches)
            grid, block = simkernel.normalize_kernel_dimensions(kernel.grid_dim, kernel.block_dim)
            recorder.launches.append({"kernel": kernel.fn.__name__, "grid": tuple(grid), "block": tuple(block)})
            wrapped = [recorder.wrap(a, n, launch) for a, n in zip(args, names)]
            return orig_call(kernel, *wrapped)

        def shared_array(shared, shape, dtype):
            if shape == 0:  # dynamic shared memory: one buffer per launch, viewed as `dtype`
                arr = orig_shared(shared, shape, dtype)
                caller = ("dynamic", str(arr.dtype))
            else:
                from numba.core import types
                from numba.np import numpy_support

                if isinstance(dtype, types.Type):
                    dtype = numpy_support.as_dtype(dtype)
                f = sys._getframe(1)
                caller = (f.f_code.co_filename, f.f_lineno)  # as the simulator keys allocations
                arr = shared._allocations.get(caller)
                if arr is None:
                    arr = np.empty(shape, dtype)
                    shared._allocations[caller] = arr
            cache = shared.__dict__.setdefault("_kata_traced", {})
            if caller not in cache:
                cache[caller] = Traced(arr, _shared_name(caller), 0, "shared", recorder, len(recorder.launches) - 1)
            return cache[caller]

        self.patches = [
            (simkernel.FakeCUDAKernel, "__call__", orig_call),
            (kernelapi.FakeCUDAShared, "array", orig_shared),
        ]
        simkernel.FakeCUDAKernel.__call__ = call
        kernelapi.FakeCUDAShared.array = shared_array
        _Recorder.active = self
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, orig in self.patches:
            setattr(owner, name, orig)
        _Recorder.active = None

    def wrap(self, arg: Any, name: str, launch: int) -> Any:
        from numba.cuda.simulator.cudadrv.devicearray import FakeCUDAArray

        on_device = isinstance(arg, FakeCUDAArray)
        if on_device:
            arg = arg._ary
        if isinstance(arg, Traced):
            arg = arg._arr
        if not isinstance(arg, np.ndarray) or arg.ndim == 0:
            return arg
        if not (arg.flags.c_contiguous or arg.flags.f_contiguous):
            raise ValueError(
                f"kernel argument {name!r} is a non-contiguous view (shape {arg.shape}, strides "
                f"{arg.strides}): numba.cuda refuses to copy it to the device (\"Array contains "
                "non-contiguous buffer\"); pass np.ascontiguousarray(...) of it"
            )
        return Traced(arg, name, self.base_of(arg, on_device), "global", self, launch)

    # -- recording ------------------------------------------------------------------------
    def site(self, traced: "Traced", kind: str, width: int, field_name: str | None = None):
        """The calling kernel frame's site key, or None for a repeat inside one atomic."""
        f = sys._getframe(2)
        atomic = None
        while f is not None:
            code = f.f_code
            c = _frame_class.get(code)
            if c is None:
                c = _classify(code)
            if c == 2:
                break
            if c == 1:
                atomic = f
            f = f.f_back
        if f is None:
            return None
        if atomic is not None:
            thread = threading.current_thread()
            if getattr(thread, "_kata_atomic", None) is atomic:
                return None  # the load/store inside one cuda.atomic.* call: counted once
            thread._kata_atomic = atomic
            kind = "atomic"
        fast = (code, f.f_lasti, kind, id(traced), field_name)
        key = self.keys.get(fast)
        if key is None:
            # Keyed by the instruction's source position, not f_lasti alone: Python 3.11's
            # specialising interpreter may report another offset inside one instruction.
            key = (code, _where(code, f.f_lasti, f.f_lineno), kind, id(traced), field_name)
            if key not in self.sites:
                self.sites[key] = _SiteInfo(
                    code, f.f_lasti, f.f_lineno, kind, traced._name, traced._memory,
                    str(traced._arr.dtype if field_name is None else traced._arr.dtype.fields[field_name][0]),
                    width, field_name, traced._base, traced._arr.shape, traced._arr.itemsize,
                )
            self.keys[fast] = key
        return key

    def record(self, traced: "Traced", kind: str, byte_offset: int, width: int, field_name=None) -> None:
        thread = threading.current_thread()
        try:
            ident = thread._kata_ident
        except AttributeError:
            if not hasattr(thread, "threadIdx"):
                return  # host code touching the array: not a kernel access
            grid = thread._manager._grid_dim
            b = thread.blockIdx
            ident = thread._kata_ident = (b.x + grid[0] * (b.y + grid[1] * b.z), thread.thread_id)
        key = self.site(traced, kind, width, field_name)
        if key is None:
            return
        if traced._memory == "global":
            self.events.append((traced._launch, key, ident[0], ident[1], getattr(thread, "_kata_epoch", 0),
                                traced._base + byte_offset))
        else:
            op = {"load": "r", "store": "w"}.get(key[2], "a")
            self.shared.append((traced._launch, id(traced), ident[0], ident[1],
                                getattr(thread, "_kata_epoch", 0), byte_offset, op, key))

    def mark_untraceable(self, traced: "Traced", kind: str, reason: str) -> None:
        if not hasattr(threading.current_thread(), "threadIdx"):
            return
        key = self.site(traced, kind, traced._arr.dtype.itemsize)
        if key is not None:
            self.untraceable.setdefault(key, reason)


def _shared_name(caller: tuple) -> str:
    if caller[0] == "dynamic":
        return "shared"
    import linecache

    text = linecache.getline(caller[0], caller[1]).strip()
    name = text.split("=", 1)[0].strip() if "=" in text else ""
    return name if name.isidentifier() else f"shared@{os.path.basename(caller[0])}:{caller[1]}"


def _int_key(idx: Any, ndim: int) -> tuple | None:
    key = idx if isinstance(idx, tuple) else (idx,)
    if len(key) != ndim:
        return None
    for k in key:
        if not isinstance(k, (int, np.integer)) or isinstance(k, (bool, np.bool_)):
            return None
    return key


class Traced:
    """An array argument of a traced kernel: numpy semantics, every element access recorded."""

    __slots__ = ("_arr", "_name", "_base", "_memory", "_rec", "_launch", "shape", "ndim", "size", "dtype")

    def __init__(self, arr: np.ndarray, name: str, base: int, memory: str, rec: _Recorder, launch: int):
        object.__setattr__(self, "_arr", arr)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_base", base)
        object.__setattr__(self, "_memory", memory)
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_launch", launch)
        object.__setattr__(self, "shape", arr.shape)
        object.__setattr__(self, "ndim", arr.ndim)
        object.__setattr__(self, "size", arr.size)
        object.__setattr__(self, "dtype", arr.dtype)

    def _offset(self, key: tuple) -> int:
        off = 0
        for k, n, s in zip(key, self._arr.shape, self._arr.strides):
            k = int(k)
            off += (k + n if k < 0 else k) * s
        return off

    def __getitem__(self, idx):
        arr = self._arr
        if type(idx) is int and arr.ndim == 1 and arr.dtype.names is None:  # the hot path
            value = arr[idx]
            self._rec.record(self, "load", (idx + arr.shape[0] if idx < 0 else idx) * arr.strides[0], arr.itemsize)
            return value
        key = _int_key(idx, self._arr.ndim)
        if key is None:
            self._rec.mark_untraceable(self, "load", _VIEW_REASON.format(name=self._name, idx=idx, ndim=self._arr.ndim))
            return self._arr[idx]
        value = self._arr[key]
        if self._arr.dtype.names is not None:
            return _Record(self, key)
        self._rec.record(self, "load", self._offset(key), self._arr.itemsize)
        return value

    def __setitem__(self, idx, value) -> None:
        arr = self._arr
        if type(idx) is int and arr.ndim == 1 and arr.dtype.names is None:
            arr[idx] = value
            self._rec.record(self, "store", (idx + arr.shape[0] if idx < 0 else idx) * arr.strides[0], arr.itemsize)
            return
        key = _int_key(idx, self._arr.ndim)
        if key is None:
            self._rec.mark_untraceable(self, "store", _VIEW_REASON.format(name=self._name, idx=idx, ndim=self._arr.ndim))
            self._arr[idx] = value
            return
        self._arr[key] = value
        self._rec.record(self, "store", self._offset(key), self._arr.itemsize)

    def __getattr__(self, name: str):
        fields = self._arr.dtype.names or ()
        if name in fields:
            self._rec.mark_untraceable(
                self, "load", f"{self._name}.{name} is a field view of the whole array; index a record, "
                f"{self._name}[i].{name}, so the meter sees each access")
            return self._arr[name]
        value = getattr(self._arr, name)  # strides, itemsize, nbytes, ...
        if isinstance(value, np.ndarray):  # a.T, a.flat, a.real: views the meter cannot follow
            self._rec.mark_untraceable(self, "load", f"{self._name}.{name} is a view of the whole array; "
                                       f"index elements of {self._name} itself")
        elif callable(value):
            def whole_array_call(*args, **kwargs):
                self._rec.mark_untraceable(self, "load", f"{self._name}.{name}() works on the whole array at "
                                           "once: the meter cannot see which elements it touches")
                return value(*args, **kwargs)
            return whole_array_call
        return value

    def __setattr__(self, name, value) -> None:
        raise AttributeError(f"cannot set {name!r} on the kernel argument {self._name!r}")

    def __len__(self) -> int:
        return len(self._arr)

    def __repr__(self) -> str:
        return f"<traced {self._memory} array {self._name} {self._arr.dtype}{list(self._arr.shape)}>"


_VIEW_REASON = (
    "{name}[{idx!r}] on a {ndim}-d array is a slice or partial index: it makes a view, and accesses "
    "through a view are not traced; index single elements ({name}[i] or {name}[i, j])"
)


class _Record:
    """One record of a traced structured array: field reads and writes are the accesses."""

    __slots__ = ("_t", "_key")

    def __init__(self, traced: Traced, key: tuple):
        object.__setattr__(self, "_t", traced)
        object.__setattr__(self, "_key", key)

    def _field(self, name: str):
        t = self._t
        fields = t._arr.dtype.fields or {}
        if name not in fields:
            raise AttributeError(f"{t._name}[...] has no field {name!r} (fields: {', '.join(fields)})")
        dtype, offset = fields[name][0], fields[name][1]
        return dtype, offset

    def _get(self, name: str, kind: str = "load"):
        t = self._t
        dtype, offset = self._field(name)
        if dtype.shape:
            t._rec.mark_untraceable(t, kind, f"{t._name}[i].{name} is a sub-array field; the meter traces scalar fields")
            return t._arr[name][self._key]
        t._rec.record(t, kind, t._offset(self._key) + offset, dtype.itemsize, name)
        return t._arr[name][self._key]

    def _set(self, name: str, value) -> None:
        t = self._t
        dtype, offset = self._field(name)
        t._arr[name][self._key] = value
        if dtype.shape:
            t._rec.mark_untraceable(t, "store", f"{t._name}[i].{name} is a sub-array field; the meter traces scalar fields")
            return
        t._rec.record(t, "store", t._offset(self._key) + offset, dtype.itemsize, name)

    def __getattr__(self, name: str):
        return self._get(name)

    def __getitem__(self, name: str):
        return self._get(name)

    def __setattr__(self, name: str, value) -> None:
        self._set(name, value)

    def __setitem__(self, name: str, value) -> None:
        self._set(name, value)
