"""From recorded accesses to results: warp requests per site, segments and bank conflicts,
races on shared memory; `trace()` and `trace_kernel()`."""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from graders.meters.coalescing.segments import _figure, _segment_counts, BANKS, Figure, require_simulator, SEGMENT, WARP
from graders.meters.coalescing.capture import _Recorder, _SiteInfo, _where
from graders.meters.coalescing.scheduler import _isolated
from graders.meters.coalescing.pictures import _svg_picture, _text_picture

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
