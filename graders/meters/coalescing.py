"""Coalescing meter: how many 32-byte segments each warp request of a kernel touches.

"Global memory loads and stores by threads of a warp are coalesced by the device into as
few as possible transactions" (CUDA Best Practices, 9.2.1): a warp's request is served in
32-byte segments, so 32 lanes reading consecutive float32 touch 4 segments, and the same
lanes reading one field of 16-byte records touch 16.

Two ways to get the figures, which agree (tests/test_coalescing.py checks it):

- **The tracer** runs a Numba CUDA kernel under Numba's built-in simulator
  (NUMBA_ENABLE_CUDASIM=1, set here before numba.cuda is imported, never by the student).
  The simulator hands non-ndarray kernel arguments to the kernel untouched, so every
  array argument of every launch inside ``trace(...)`` is swapped for a ``Traced`` wrapper
  that records each element load and store with its simulated thread. Accesses are
  grouped by (launch, site, block, warp, barrier epoch, occurrence): a *site* is one
  indexing expression in the kernel's source (file:line, column), a *warp* is 32
  consecutive threads of a block in linear order (x fastest), the *epoch* is how many
  cuda.syncthreads() the thread has passed, an *occurrence* is how many times the thread
  has executed the site before in that epoch (loops). Each group is one warp request; the
  figure for a site is the mean number of distinct 32-byte segments per request, next to
  the ideal for its access width (ceil(active lanes * bytes per access / 32)).
  Arrays get 256-byte aligned fake device addresses, as cudaMalloc gives.
  Shared memory (``cuda.shared.array``) is traced too, but it is not global traffic: its
  sites report bank conflicts instead, and a race check flags a shared element that one
  thread writes and another reads or writes with no ``cuda.syncthreads()`` in between.
- **The index-function model** (``model``) takes the same access as a vectorised function
  of the thread coordinates and computes the same figures for millions of threads,
  without the simulator.

What the tracer cannot see it says, instead of guessing: a slice or partial index (it
makes a view; later accesses through the view are not traced), a field view of a whole
structured array, a sub-array field, and *divergent warps* (lanes of one warp that
executed a site a different number of times between two barriers: which executions ran
together is unknown).
Lanes that never execute a site (a bounds guard) are inactive lanes, which is fine.

    from graders.meters import coalescing as co
    t = co.trace(kata.launch, x, y)              # every kernel launched inside is traced
    print(t.table())
    co.assert_segments(t, what="move_soa on 2,048 particles")   # every global site at its ideal

`simulate(fn, *args)` runs a kata's host function without tracing. Both install a faster
barrier scheduler into the simulator (its own busy-polls under the GIL). On a real GPU,
graders/meters/gpu.py runs a kata function on the device in a child process.

Importing numba.cuda costs about 0.7 s, so only the layout katas import this module.
"""
from __future__ import annotations

import os
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

# Before numba.cuda is imported anywhere: the simulator, unless the user explicitly chose
# the real device with NUMBA_ENABLE_CUDASIM=0 (then tracing tests skip, kernels run on it).
os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")
if "numba.core.config" in sys.modules:  # numba was imported first: make it re-read the variable
    sys.modules["numba.core.config"].reload_config()

import numpy as np  # noqa: E402

SEGMENT = 32  # bytes in one memory segment (CUDA Best Practices, compute capability 6.0+)
WARP = 32  # lanes in a warp
ALIGN = 256  # cudaMalloc returns 256-byte aligned allocations
BANKS = 32  # shared memory banks of 4 bytes
SIMULATOR_NEEDED = (
    "the coalescing meter needs Numba's CUDA simulator, but NUMBA_ENABLE_CUDASIM={!r}: "
    "kernels run on the real device here; unset it to measure segments"
)


def simulator_enabled() -> bool:
    """True when numba.cuda is (or will be) the simulator in this process."""
    cuda = sys.modules.get("numba.cuda")
    if cuda is not None:  # already chosen: the simulator's cuda.jit lives in numba.cuda.simulator
        return "simulator" in getattr(getattr(cuda, "jit", None), "__module__", "")
    return os.environ.get("NUMBA_ENABLE_CUDASIM", "0") not in ("", "0")


def require_simulator() -> None:
    """Skip the calling test (with the reason) when kernels run on a real device."""
    if not simulator_enabled():
        import pytest

        pytest.skip(SIMULATOR_NEEDED.format(os.environ.get("NUMBA_ENABLE_CUDASIM")))


# ---------------------------------------------------------------------------------------
# Counting: shared by the tracer and the model
# ---------------------------------------------------------------------------------------

def ideal_segments(lanes: int, width: int) -> int:
    """The fewest 32-byte segments `lanes` accesses of `width` bytes can touch."""
    return -(-lanes * width // SEGMENT)


def _segment_counts(req: np.ndarray, addr: np.ndarray, width: int, n_req: int) -> np.ndarray:
    """Distinct 32-byte segments per request id; `req` and `addr` are parallel int64 arrays."""
    if len(req) == 0:
        return np.zeros(n_req, dtype=np.int64)
    lo = addr // SEGMENT
    hi = (addr + width - 1) // SEGMENT
    spans = int((hi - lo).max()) + 1
    segs = np.concatenate([lo + k for k in range(spans)]) if spans > 1 else lo
    reqs = np.concatenate([req] * spans) if spans > 1 else req
    if spans > 1:
        keep = segs <= np.concatenate([hi] * spans)
        segs, reqs = segs[keep], reqs[keep]
    smin = int(segs.min())
    srange = int(segs.max()) - smin + 1
    if srange * (n_req + 1) < 2**62:
        key = np.unique(reqs * srange + (segs - smin))
        return np.bincount(key // srange, minlength=n_req)
    pairs = np.unique(np.stack([reqs, segs], axis=1), axis=0)  # huge address ranges: slower path
    return np.bincount(pairs[:, 0], minlength=n_req)


_SENTINEL = np.iinfo(np.int64).max


def _row_counts(addr: np.ndarray, live: np.ndarray, width: int) -> np.ndarray:
    """Distinct segments per row of lane addresses (rows = requests), ignoring dead lanes."""
    lo = addr // SEGMENT
    hi = (addr + width - 1) // SEGMENT
    spans = -(-width // SEGMENT) + 1  # an access of `width` bytes touches at most this many
    parts = [np.where(live & (lo + j <= hi), lo + j, _SENTINEL) for j in range(spans)]
    segs = np.sort(np.concatenate(parts, axis=1), axis=1)
    new = np.ones(segs.shape, dtype=bool)
    new[:, 1:] = segs[:, 1:] != segs[:, :-1]
    return (new & (segs != _SENTINEL)).sum(axis=1)


@dataclass(frozen=True)
class Figure:
    """Segments per warp request over a launch: `mean` next to `ideal` (both means)."""

    mean: float
    ideal: float
    requests: int
    worst: int

    def __str__(self) -> str:
        return f"{self.mean:g} segments per request (ideal {self.ideal:g}, {self.requests} requests, worst {self.worst})"


def _figure(counts: np.ndarray, ideals: np.ndarray) -> Figure:
    if len(counts) == 0:
        return Figure(0.0, 0.0, 0, 0)
    return Figure(float(counts.mean()), float(ideals.mean()), int(len(counts)), int(counts.max()))


# ---------------------------------------------------------------------------------------
# The index-function model
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Threads:
    """Coordinates of a chunk of threads, as numpy int64 arrays (one entry per thread).

    x, y, z are the global indices `cuda.grid(3)` gives; tx.. are threadIdx, bx.. blockIdx.
    """

    tx: np.ndarray
    ty: np.ndarray
    tz: np.ndarray
    bx: np.ndarray
    by: np.ndarray
    bz: np.ndarray
    blockdim: tuple[int, int, int]

    @property
    def x(self) -> np.ndarray:
        return self.bx * self.blockdim[0] + self.tx

    @property
    def y(self) -> np.ndarray:
        return self.by * self.blockdim[1] + self.ty

    @property
    def z(self) -> np.ndarray:
        return self.bz * self.blockdim[2] + self.tz


def _dim3(d: int | Sequence[int]) -> tuple[int, int, int]:
    t = (int(d),) if isinstance(d, (int, np.integer)) else tuple(int(v) for v in d)
    if not 1 <= len(t) <= 3 or any(v < 1 for v in t):
        raise ValueError(f"a launch dimension is 1 to 3 positive ints, not {d!r}")
    return (t + (1, 1))[:3]  # type: ignore[return-value]


def model(
    index: Callable[[Threads], Any],
    *,
    griddim: int | Sequence[int],
    blockdim: int | Sequence[int],
    itemsize: int,
    shape: Sequence[int] | None = None,
    strides: Sequence[int] | None = None,
    field_offset: int = 0,
    width: int | None = None,
    active: Callable[[Threads], np.ndarray] | None = None,
    base: int = 0,
    chunk_threads: int = 1 << 20,
) -> Figure:
    """Segments per warp request of one access, computed from its index function.

    `index(t)` gets a `Threads` chunk and returns, per thread, the element index: a flat
    index array, or a tuple of index arrays for an N-d array of `shape` (C order unless
    `strides`, in bytes, say otherwise). Return shape (threads, k) for a loop of k
    iterations: column j is the j-th occurrence. `active(t)` masks lanes off (a bounds
    guard). `field_offset` and `width` describe a field of a structured element
    (width defaults to itemsize). The array starts at byte `base` (256-aligned: 0).

        >>> model(lambda t: 2 * t.x, griddim=4, blockdim=256, itemsize=4).mean   # stride 2
        8.0
    """
    grid, block = _dim3(griddim), _dim3(blockdim)
    width = itemsize if width is None else int(width)
    if width < 1 or itemsize < 1:
        raise ValueError("itemsize and width are positive byte counts")
    if isinstance(strides, (list, tuple)):
        byte_strides = tuple(int(s) for s in strides)
    elif shape is not None:
        dims = tuple(int(s) for s in shape)
        byte_strides = tuple(int(np.prod(dims[k + 1:], dtype=np.int64)) * itemsize for k in range(len(dims)))
    else:
        byte_strides = None
    per_block = block[0] * block[1] * block[2]
    warps_per_block = -(-per_block // WARP)
    n_blocks = grid[0] * grid[1] * grid[2]
    blocks_per_chunk = max(1, chunk_threads // per_block)
    all_counts, all_ideals = [], []
    lin = np.arange(per_block, dtype=np.int64)
    tx, ty, tz = lin % block[0], (lin // block[0]) % block[1], lin // (block[0] * block[1])
    for first in range(0, n_blocks, blocks_per_chunk):
        blin = np.arange(first, min(n_blocks, first + blocks_per_chunk), dtype=np.int64)
        nb = len(blin)
        bx, by, bz = blin % grid[0], (blin // grid[0]) % grid[1], blin // (grid[0] * grid[1])
        t = Threads(np.tile(tx, nb), np.tile(ty, nb), np.tile(tz, nb),
                    np.repeat(bx, per_block), np.repeat(by, per_block), np.repeat(bz, per_block), block)
        idx = index(t)
        if isinstance(idx, tuple):
            if byte_strides is None or len(byte_strides) != len(idx):
                raise ValueError("a tuple index needs `shape` (or `strides`) with one entry per index")
            offs = sum(np.asarray(i, dtype=np.int64) * s for i, s in zip(idx, byte_strides))
        else:
            offs = np.asarray(idx, dtype=np.int64) * (byte_strides[-1] if byte_strides else itemsize)
        offs = np.broadcast_to(np.asarray(offs, dtype=np.int64), offs.shape)
        if offs.ndim == 1:
            offs = offs[:, None]
        n, k = offs.shape
        if n != nb * per_block:
            raise ValueError(f"index(t) returned {n} rows for {nb * per_block} threads")
        mask = np.ones((n, k), dtype=bool)
        if active is not None:
            m = np.asarray(active(t), dtype=bool)
            mask &= m[:, None] if m.ndim == 1 else m
        # Rows of 32 lanes, one row per (block, warp, occurrence); a partial last warp is padded.
        addr = (base + field_offset + offs).reshape(nb, per_block, k)
        live = mask.reshape(nb, per_block, k)
        pad = warps_per_block * WARP - per_block
        if pad:
            addr = np.pad(addr, ((0, 0), (0, pad), (0, 0)))
            live = np.pad(live, ((0, 0), (0, pad), (0, 0)), constant_values=False)
        addr = addr.reshape(nb, warps_per_block, WARP, k).transpose(0, 1, 3, 2).reshape(-1, WARP)
        live = live.reshape(nb, warps_per_block, WARP, k).transpose(0, 1, 3, 2).reshape(-1, WARP)
        counts = _row_counts(addr, live, width)
        lanes = live.sum(axis=1)
        used = lanes > 0
        all_counts.append(counts[used])
        all_ideals.append(-(-lanes[used] * width // SEGMENT))
    return _figure(np.concatenate(all_counts), np.concatenate(all_ideals))


# ---------------------------------------------------------------------------------------
# A faster scheduler for the simulator
# ---------------------------------------------------------------------------------------
# The simulator's BlockManager busy-polls its threads for barriers while holding the GIL, so
# a 256-thread block with cuda.syncthreads() crawls (seconds per block on a loaded 2-core
# machine). This replacement runs the same threads with the same barrier semantics (a
# barrier opens when every thread still running has reached it), but the last thread to
# arrive opens it, and the managing thread sleeps until the block is done or a thread failed.
# It also counts each thread's barriers (the epochs the race check needs).

_scheduler_installed = False
THREAD_STACK = 1 << 20  # bytes of stack per simulated CUDA thread


class _BlockState:
    """Barrier bookkeeping of one simulated block, under one lock."""

    def __init__(self, n_threads: int):
        lock = threading.Lock()
        self.barrier = threading.Condition(lock)  # threads wait here for the last arrival
        self.manager = threading.Condition(lock)  # the managing thread waits here
        self.live = n_threads
        self.waiting = 0
        self.generation = 0
        self.failed = None

    def release(self) -> None:  # with the lock held
        self.waiting = 0
        self.generation += 1
        self.barrier.notify_all()


def install_fast_scheduler() -> None:
    """Patch numba's CUDA simulator with the condition-variable scheduler (idempotent)."""
    global _scheduler_installed
    if _scheduler_installed:
        return
    require_simulator()
    from numba import cuda  # noqa: F401
    from numba.cuda.simulator import kernel as simkernel

    orig_thread_run = simkernel.BlockThread.run

    def thread_run(thread):
        try:
            orig_thread_run(thread)  # catches the kernel's exception into thread.exception
        finally:
            state = thread._manager._kata_state
            with state.barrier:
                state.live -= 1
                if thread.exception and state.failed is None:
                    state.failed = thread
                if state.waiting and state.waiting == state.live:
                    state.release()  # the others were only waiting for this one to finish
                state.manager.notify()

    def syncthreads(thread):
        state = thread._manager._kata_state
        with state.barrier:
            if thread.abort:
                raise RuntimeError("abort flag set on syncthreads call")
            generation = state.generation
            state.waiting += 1
            if state.waiting == state.live:
                state.release()  # the last thread to arrive lets everyone go
            else:
                while state.generation == generation and not thread.abort:
                    state.barrier.wait()
            if thread.abort:
                raise RuntimeError("abort flag set on syncthreads clear")
        thread._kata_epoch = getattr(thread, "_kata_epoch", 0) + 1

    def manager_run(manager, grid_point, *args):
        threads = []
        for block_point in np.ndindex(*manager._block_dim):
            def target():
                manager._f(*args)
            threads.append(simkernel.BlockThread(target, manager, grid_point, block_point, manager._debug))
        state = manager._kata_state = _BlockState(len(threads))
        # 1 MiB stacks instead of the default 8: a 256-thread block would otherwise reserve
        # 2 GiB of address space, more than a sandbox's memory limit may leave.
        previous = threading.stack_size(THREAD_STACK)
        try:
            for t in threads:
                t.start()
        finally:
            threading.stack_size(previous)
        with state.barrier:
            while state.live and state.failed is None:
                state.manager.wait(timeout=1.0)
            failed = state.failed
            if failed is not None:  # as the simulator does: abort every other thread
                for t in threads:
                    t.abort = True
                state.release()
        if failed is not None:
            raise failed.exception[0].with_traceback(failed.exception[1])
        for t in threads:
            t.join()

    simkernel.BlockThread.run = thread_run
    simkernel.BlockThread.syncthreads = syncthreads
    simkernel.BlockManager.run = manager_run
    _scheduler_installed = True


def _isolated(fn: Any) -> bool:
    from graders.isolation import measured_in_worker

    return measured_in_worker(fn)


def simulate(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `fn` (a kata's launch or host function) with the fast simulator; its result."""
    if _isolated(fn):
        from graders.isolation import recording

        return recording.measure("coalescing.simulate", fn, args, kwargs)
    install_fast_scheduler()
    return fn(*args, **kwargs)


# ---------------------------------------------------------------------------------------
# The tracer
# ---------------------------------------------------------------------------------------

_THIS_FILE = os.path.normcase(os.path.abspath(__file__))
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
        if path == _THIS_FILE:
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


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Request:
    """One warp request of a site: which segments it touched and how many bytes of each it used."""

    block: tuple[int, int, int]
    warp: int
    epoch: int  # cuda.syncthreads() passed before it
    occurrence: int  # executions of the site by these lanes before it, since that barrier
    lanes: int
    segments: tuple[tuple[int, int], ...]  # (segment number from the array's start, useful bytes)
    ideal: int

    @property
    def count(self) -> int:
        return len(self.segments)


_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass
class Site:
    """One load/store site of a kernel and its figure (per-request arrays, pictures on demand)."""

    file: str
    line: int
    col: int | None
    expr: str
    kind: str  # load | store | atomic
    array: str
    memory: str  # global | shared
    dtype: str
    width: int
    untraceable: str | None = None
    counts: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)  # segments per request
    ideals: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)
    lanes: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)
    meta: np.ndarray = field(default_factory=lambda: _EMPTY.reshape(0, 5), repr=False)  # launch, block, warp, epoch, occ
    bank_ways: float | None = None  # shared memory: mean bank passes per request
    bank_worst: int | None = None
    bank_ideal: float | None = None
    _req: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)  # request id of each access
    _addr: np.ndarray = field(default_factory=lambda: _EMPTY, repr=False)
    _base: int = 0
    _grids: tuple = ()

    @property
    def where(self) -> str:
        return f"{os.path.basename(self.file)}:{self.line}"

    @property
    def n_requests(self) -> int:
        return int(len(self.counts))

    @property
    def mean(self) -> float | None:
        """Mean distinct 32-byte segments per warp request (None if untraceable)."""
        if self.untraceable or not len(self.counts):
            return None
        return float(self.counts.mean())

    @property
    def ideal(self) -> float:
        return float(self.ideals.mean()) if len(self.ideals) else 0.0

    @property
    def worst(self) -> int:
        return int(self.counts.max()) if len(self.counts) else 0

    @property
    def figure(self) -> Figure:
        return _figure(self.counts, self.ideals)

    def request(self, i: int) -> Request:
        """Warp request number i, with the segments it touched."""
        launch, block, warp, epoch, occ = (int(v) for v in self.meta[i])
        addrs = self._addr[self._req == i].tolist()
        return Request(_xyz(self._grids[launch][0], block), warp, epoch, occ, int(self.lanes[i]),
                       _segments(addrs, self.width, self._base), int(self.ideals[i]))

    @property
    def requests(self) -> list[Request]:
        return [self.request(i) for i in range(self.n_requests)]

    def describe(self) -> str:
        head = f"{self.kind} {self.expr} at {self.where} ({self.memory}, {self.dtype}, {self.width} B)"
        if self.untraceable:
            return f"{head}: NOT TRACED: {self.untraceable}"
        if self.memory == "shared":
            return (f"{head}: {self.bank_ways:g} bank passes per warp request, ideal {self.bank_ideal:g} "
                    f"(worst {self.bank_worst}); shared memory, not global traffic")
        return (f"{head}: {self.mean:g} segments per warp request, ideal {self.ideal:g} "
                f"({self.n_requests} requests, worst {self.worst})")

    def picture(self, rows: int = 6, width: int = 64) -> str:
        """A text grid: one row per warp request, one character per 32-byte segment."""
        return _text_picture(self, rows, width)

    def svg(self, rows: int = 16) -> str:
        return _svg_picture(self, rows)


@dataclass(frozen=True)
class Race:
    array: str
    element: tuple
    block: tuple[int, int, int]
    first: str  # "written by thread (x,y,z) at file:line"
    second: str

    def __str__(self) -> str:
        return (f"shared {self.array}{list(self.element)} in block {self.block}: {self.first}, and {self.second}, "
                "with no cuda.syncthreads() between them")


@dataclass
class Trace:
    """Every site of the kernels launched inside one `trace()` call, and what the launch returned."""

    sites: list[Site]
    races: list[Race]
    launches: list[dict]
    result: Any = None

    def select(self, *, array: str | None = None, kind: str | None = None, memory: str | None = "global",
               line: int | None = None) -> list[Site]:
        return [s for s in self.sites
                if (array is None or s.array == array) and (kind is None or s.kind == kind)
                and (memory is None or s.memory == memory) and (line is None or s.line == line)]

    def one(self, **criteria) -> Site:
        """The single site matching `criteria` (array=, kind=, memory=, line=)."""
        found = self.select(**criteria)
        if len(found) != 1:
            raise AssertionError(f"expected one site with {criteria}, found {len(found)}:\n{self.table()}")
        return found[0]

    def __repr__(self) -> str:
        kernels = ", ".join(sorted({la["kernel"] for la in self.launches})) or "no kernel"
        return f"<Trace of {kernels}: {len(self.sites)} sites, {len(self.races)} races>"

    def table(self) -> str:
        if not self.sites:
            return "  (no loads or stores were traced)"
        return "\n".join("  " + s.describe() for s in self.sites)


def trace(launch: Callable[..., Any], *args: Any, **kwargs: Any) -> Trace:
    """Call `launch(*args, **kwargs)` with every kernel launch inside it traced.

    Every ndarray argument of each launch is traced (named after the kernel's parameter),
    including arrays the launch function allocates itself; `Trace.result` is what `launch`
    returned. Run it once per test module: the simulator costs about 0.3 ms per CUDA thread.
    """
    require_simulator()
    if _isolated(launch):  # the kata's worker traces its own launch; the Trace comes back as data
        from graders.isolation import recording

        return recording.measure("coalescing.trace", launch, args, kwargs)
    with _Recorder() as rec:
        result = launch(*args, **kwargs)
    t = _analyse(rec)
    t.result = result
    return t


def trace_kernel(kernel: Any, griddim, blockdim, *args: Any) -> Trace:
    """Launch `kernel[griddim, blockdim](*args)` under the tracer."""
    return trace(lambda *a: kernel[griddim, blockdim](*a), *args)


def _expr(info: _SiteInfo) -> tuple[int, int | None, str]:
    import linecache

    line, col, end = _where(info.code, info.lasti, info.line)
    if not hasattr(info.code, "co_positions"):
        col = end = None  # Python 3.10: the second entry is an instruction offset
    line = line or info.line
    text = linecache.getline(info.code.co_filename, line).rstrip("\n")
    if col is not None and end is not None and text:
        return line, col, text[col:end][:60]
    suffix = f".{info.field}" if info.field else ""
    return line, None, f"{info.array}[...]{suffix}"


def _analyse(rec: _Recorder) -> Trace:
    grids = tuple((la["grid"], la["block"]) for la in rec.launches)
    columns: dict[tuple, list] = defaultdict(list)
    for ev in rec.events:  # (launch, site, block, thread, epoch, addr)
        columns[ev[1]].append((ev[0], ev[2], ev[3], ev[4], ev[5]))
    for ev in rec.shared:  # (launch, alloc, block, thread, epoch, addr, op, site)
        columns[ev[7]].append((ev[0], ev[2], ev[3], ev[4], ev[5]))
    sites: list[Site] = []
    for key, info in rec.sites.items():
        line, col, expr = _expr(info)
        site = Site(info.code.co_filename, line, col, expr, info.kind, info.array, info.memory,
                    info.dtype, info.width, untraceable=rec.untraceable.get(key),
                    _base=info.base if info.memory == "global" else 0, _grids=grids)
        if not site.untraceable and columns.get(key):
            _group(site, np.array(columns[key], dtype=np.int64), info.width)
        sites.append(site)
    sites.sort(key=lambda s: (s.file, s.line, s.col or 0, s.kind))
    return Trace(sites, _races(rec), rec.launches)


def _group(site: Site, ev: np.ndarray, width: int) -> None:
    """Events (launch, block, thread, epoch, addr) in per-thread program order -> warp requests.

    An epoch is how many cuda.syncthreads() the thread had passed: executions on either
    side of a barrier never share a request. Within an epoch, the k-th execution of the
    site by each lane of a warp forms that warp's k-th request.
    """
    n = len(ev)
    launch, block, thread, epoch, addr = (ev[:, c] for c in range(5))
    order = np.lexsort((np.arange(n), epoch, thread, block, launch))  # stable: keeps program order
    launch, block, thread, epoch, addr = launch[order], block[order], thread[order], epoch[order], addr[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = ((launch[1:] != launch[:-1]) | (block[1:] != block[:-1]) | (thread[1:] != thread[:-1])
                     | (epoch[1:] != epoch[:-1]))
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, n))  # executions of the site per thread and epoch
    occ = np.arange(n) - np.repeat(starts, sizes)
    warp = thread // WARP
    # Divergence: lanes of one warp (that ran the site at all in an epoch) ran it a different
    # number of times.
    wkeys, wid = np.unique(np.stack([launch[starts], block[starts], warp[starts], epoch[starts]], axis=1),
                           axis=0, return_inverse=True)
    wid = wid.reshape(-1)
    lo = np.full(len(wkeys), np.iinfo(np.int64).max)
    hi = np.zeros(len(wkeys), dtype=np.int64)
    np.minimum.at(lo, wid, sizes)
    np.maximum.at(hi, wid, sizes)
    bad = np.flatnonzero(lo != hi)
    if len(bad):
        w = bad[0]
        members = np.flatnonzero(wid == w)
        by_count: dict[int, list[int]] = defaultdict(list)
        for m in members:
            by_count[int(sizes[m])].append(int(thread[starts[m]]) % WARP)
        detail = "; ".join(f"lanes {_ranges(sorted(ls))} ran it {c} times" for c, ls in sorted(by_count.items()))
        w_launch, w_block, w_warp, w_epoch = (int(v) for v in wkeys[w])
        grid = site._grids[w_launch][0]
        barrier = f" after {w_epoch} cuda.syncthreads()" if w_epoch else ""
        site.untraceable = (
            f"divergent warp {w_warp} of block {_xyz(grid, w_block)}{barrier}: {detail}. Lanes of one warp ran "
            "this site a different number of times (a loop whose trip count differs inside the warp, or a "
            "branch inside a loop), so which executions ran together is unknown"
        )
        return
    # One request per (launch, block, warp, epoch, occurrence).
    meta, req = np.unique(np.stack([launch, block, warp, epoch, occ], axis=1), axis=0, return_inverse=True)
    req = req.reshape(-1)
    n_req = len(meta)
    site.meta, site._req, site._addr = meta, req, addr
    site.counts = _segment_counts(req, addr, width, n_req)
    site.lanes = np.bincount(req, minlength=n_req)
    site.ideals = -(-site.lanes * width // SEGMENT)
    if site.memory == "shared":
        _bank_conflicts(site, req, addr, width, n_req)


def _segments(addrs: Iterable[int], width: int, base: int) -> tuple[tuple[int, int], ...]:
    used: dict[int, int] = defaultdict(int)
    for a in set(addrs):
        end = a + width
        for seg in range(a // SEGMENT, (end - 1) // SEGMENT + 1):
            used[seg] += min(end, (seg + 1) * SEGMENT) - max(a, seg * SEGMENT)
    first = base // SEGMENT  # segment numbers count from the one holding the array's first byte
    # Useful bytes feed the picture's shading only (overlapping unaligned accesses may overcount).
    return tuple((seg - first, min(SEGMENT, used[seg])) for seg in sorted(used))


def _bank_conflicts(site: Site, req: np.ndarray, addr: np.ndarray, width: int, n_req: int) -> None:
    """Shared memory: 32 banks of 4-byte words. A request takes as many passes as the most
    distinct words one bank must serve (the same word is a broadcast, free); the ideal is
    the distinct words / 32 (a float64 warp request needs 2 passes however it is laid out)."""
    words_per = -(-width // 4)
    word = np.concatenate([addr // 4 + k for k in range(words_per)])
    reqs = np.concatenate([req] * words_per)
    pairs = np.unique(np.stack([reqs, word], axis=1), axis=0)
    per_bank = np.unique(np.stack([pairs[:, 0], pairs[:, 1] % BANKS], axis=1), axis=0, return_counts=True)
    passes = np.zeros(n_req, dtype=np.int64)
    np.maximum.at(passes, per_bank[0][:, 0], per_bank[1])
    ideal = -(-np.bincount(pairs[:, 0], minlength=n_req) // BANKS)
    site.bank_ways = float(passes.mean())
    site.bank_worst = int(passes.max())
    site.bank_ideal = float(ideal.mean())


def _xyz(dims: Sequence[int], linear: int) -> tuple[int, int, int]:
    return (linear % dims[0], (linear // dims[0]) % dims[1], linear // (dims[0] * dims[1]))


def _ranges(values: list[int]) -> str:
    out, start, prev = [], None, None
    for v in values:
        if start is None:
            start = prev = v
        elif v == prev + 1:
            prev = v
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = v
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ",".join(out)


def _races(rec: _Recorder) -> list[Race]:
    """Shared elements touched by two threads between the same two barriers, one of them writing."""
    cells: dict[tuple, dict[str, dict[int, tuple]]] = defaultdict(lambda: {"r": {}, "w": {}, "a": {}})
    for launch, alloc, block, thread, epoch, addr, op, key in rec.shared:
        cells[(launch, alloc, block, epoch, addr)][op].setdefault(thread, key)
    races: list[Race] = []
    seen: set = set()
    for (launch, alloc, block, epoch, addr), ops in cells.items():
        writers = ops["w"]
        if not writers or alloc in seen:
            continue
        other = None
        for w_thread, w_key in writers.items():
            for op in ("r", "w", "a"):
                other = next(((op, t, k) for t, k in ops[op].items() if t != w_thread), None)
                if other:
                    break
            if other:
                break
        if other is None:
            continue
        seen.add(alloc)  # one race per shared array is enough to explain it
        grid, blockdim = rec.launches[launch]["grid"], rec.launches[launch]["block"]

        def who(op: str, thread: int, key: tuple) -> str:
            info = rec.sites[key]
            verb = {"r": "read", "w": "written", "a": "updated atomically"}[op]
            return f"{verb} by thread {_xyz(blockdim, thread)} at {os.path.basename(info.code.co_filename)}:{info.line}"

        info = rec.sites[w_key]
        element = tuple(int(i) for i in np.unravel_index(addr // info.itemsize, info.shape))
        races.append(Race(info.array, element, _xyz(grid, block), who("w", w_thread, w_key), who(*other)))
    return races


# ---------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------

LEGEND = ("one row per warp request, one character per 32-byte segment: '#' all 32 bytes used, "
          "'=' 16-31 used, '-' 1-15 used, '.' untouched, '/' a run of untouched segments left out")


def _shade(used: int) -> str:
    return "#" if used >= SEGMENT else "=" if used >= SEGMENT // 2 else "-"


def _cells(req: Request) -> list[tuple[str, int | None]]:
    """(char, used bytes) per displayed cell; gaps of 3+ untouched segments become one '/'."""
    cells: list[tuple[str, int | None]] = []
    prev = None
    for seg, used in req.segments:
        if prev is not None:
            gap = seg - prev - 1
            cells.extend([(".", 0)] * gap if gap <= 2 else [("/", None)])
        cells.append((_shade(used), used))
        prev = seg
    return cells


def _pick(site: Site, rows: int) -> list[Request]:
    """Requests over their ideal first (the ones to look at), then the rest, in launch order."""
    over = np.flatnonzero(site.counts > site.ideals)
    rest = np.flatnonzero(site.counts <= site.ideals)
    return [site.request(int(i)) for i in np.concatenate([over, rest])[:rows]]


def _label(site: Site, r: Request) -> str:
    loop = bool(len(site.meta)) and bool(site.meta[:, 4].max() > 0)
    barriers = bool(len(site.meta)) and bool(site.meta[:, 3].max() > 0)
    b = ",".join(map(str, r.block))
    return (f"block ({b}) warp {r.warp}" + (f" after sync {r.epoch}" if barriers else "")
            + (f" pass {r.occurrence}" if loop else ""))


def _text_picture(site: Site, rows: int, width: int) -> str:
    if site.untraceable or not site.n_requests:
        return f"    (no picture: {site.untraceable or 'no requests'})"
    shown = _pick(site, rows)
    labels = [_label(site, r) for r in shown]
    pad = max(map(len, labels))
    lines = [f"    {LEGEND}"]
    for label, r in zip(labels, shown):
        chars = "".join(c for c, _ in _cells(r))
        if len(chars) > width:
            chars = chars[:width] + f" +{len(chars) - width}"
        lines.append(f"    {label:<{pad}}  {r.lanes:>2} lanes {r.count:>2} segs (ideal {r.ideal}) "
                     f"from seg {r.segments[0][0]:<5} |{chars}|")
    if site.n_requests > len(shown):
        lines.append(f"    ... {site.n_requests - len(shown)} more requests")
    return "\n".join(lines)


_COLORS = {"#": "#1a7f37", "=": "#8fd19e", "-": "#f0883e", ".": "#eeeeee"}


def _svg_picture(site: Site, rows: int) -> str:
    from html import escape

    shown = _pick(site, rows) if not site.untraceable else []
    labels = [f"{_label(site, r)}: {r.count} segs (ideal {r.ideal})" for r in shown]
    cell, top = 12, 54
    left = 16 + 7 * max((len(t) for t in labels), default=0)  # monospace 11px: about 7px a character
    widths = [len(_cells(r)) for r in shown] or [1]
    cols = min(max(widths), 160)
    w = max(left + cols * cell + 20, 16 + 8 * len(site.describe()), 980)
    h = top + max(1, len(shown)) * (cell + 4) + 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="monospace" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="8" y="18" font-size="13">{escape(site.describe())}</text>',
           '<text x="8" y="36">one row per warp request, one square per 32-byte segment it touched '
           '(dark: all 32 bytes used, light: 16-31, orange: 1-15, grey: untouched, / : skipped gap)</text>']
    if site.untraceable:
        out.append(f'<text x="8" y="{top + 10}">not traced: {escape(site.untraceable)}</text>')
    for row, r in enumerate(shown):
        y = top + row * (cell + 4)
        out.append(f'<text x="8" y="{y + 10}">{escape(labels[row])}</text>')
        for col, (ch, used) in enumerate(_cells(r)[:cols]):
            x = left + col * cell
            if ch == "/":
                out.append(f'<text x="{x + 3}" y="{y + 10}">/</text>')
                continue
            tip = f"{used} of 32 bytes used"
            out.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{_COLORS[ch]}">'
                       f'<title>{tip}</title></rect>')
    out.append(f'<text x="8" y="{h - 12}">{escape(site.where)}: {site.n_requests} requests in all</text>')
    out.append("</svg>")
    return "\n".join(out)


def pictures_folder() -> Path:
    """Where failure pictures go: $KATA_PICTURES, else .kata/pictures in the checkout (git-ignored)."""
    env = os.environ.get("KATA_PICTURES")
    if env:
        return Path(env)
    from graders import paths

    return paths.find_root() / ".kata" / "pictures"


WRITTEN: list[Path] = []  # every picture this process wrote: the board lists them at the end


def save_picture(site: Site, folder: Path | None = None) -> Path:
    """Write the site's SVG picture and return its path (open it in a browser)."""
    folder = Path(folder) if folder is not None else pictures_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(site.file).stem
    safe = "".join(c if c.isalnum() else "_" for c in site.array)
    path = folder / f"{stem}_{site.line}_{site.kind}_{safe}.svg"
    path.write_text(site.svg(), encoding="utf-8")
    WRITTEN.append(path)
    return path


# ---------------------------------------------------------------------------------------
# Assertions for tests
# ---------------------------------------------------------------------------------------

def assert_segments(
    t: Trace,
    *,
    what: str,
    at_most: float | str | dict = "ideal",
    kinds: Sequence[str] = ("load", "store", "atomic"),
    arrays: Sequence[str] | None = None,
    pictures: bool = True,
) -> None:
    """Fail unless every matching global site is traceable and within its segment budget.

    `at_most` is "ideal" (each site's own ideal), a number, or {array name: number or "ideal"}.
    The failure message names each failing site (file:line), shows its picture and the
    path of an SVG of it, then lists every site.
    """
    __tracebackhide__ = True  # pytest: show the test's line, not this function's
    sites = [s for s in t.select(memory="global") if s.kind in kinds and (arrays is None or s.array in arrays)]
    if not sites:
        raise AssertionError(f"{what}: no global {'/'.join(kinds)} of {list(arrays or []) or 'any array'} "
                             f"was traced. Sites seen:\n{t.table()}")
    failures = []
    for s in sites:
        goal = at_most.get(s.array, "ideal") if isinstance(at_most, dict) else at_most
        limit = s.ideal if goal == "ideal" else float(goal)
        if s.untraceable:
            failures.append(f"  {s.describe()}")
        elif s.mean is not None and s.mean > limit + 1e-9:
            text = f"  {s.describe()}; the budget is {limit:g}\n{s.picture()}"
            if pictures:
                try:
                    text += f"\n    picture: {save_picture(s)}"
                except OSError as exc:  # a read-only checkout must not hide the real failure
                    text += f"\n    (could not write the SVG picture: {exc})"
            failures.append(text)
    if failures:
        raise AssertionError(f"too many memory segments: {what}:\n" + "\n".join(failures)
                             + f"\nall sites:\n{t.table()}")


def assert_no_races(t: Trace, *, what: str) -> None:
    """Fail if one thread wrote a shared element that another touched before a barrier."""
    __tracebackhide__ = True
    if t.races:
        more = f" (and {len(t.races) - 1} more shared arrays)" if len(t.races) > 1 else ""
        raise AssertionError(
            f"shared-memory race: {what}: {t.races[0]}{more}. Put cuda.syncthreads() after the "
            "writes and before another thread reads (or overwrites) them."
        )
