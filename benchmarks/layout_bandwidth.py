"""Achieved bandwidth of the layout katas' kernels on a real GPU, next to a plain copy.

    python benchmarks/layout_bandwidth.py [--impl solutions|exercises|PATH] [--mb 64] [--repeat 20]

Segments per warp request (what the coalescing meter counts in the simulator) predict the
traffic; this measures the time. For each kernel: the bytes it has to move (each input
read once, each output written once), the median time of --repeat launches (CUDA events),
the effective bandwidth, and that as a fraction of a device-to-device copy's bandwidth
(cudaMemcpy of the kernel's input bytes, which reads and writes them once).

Without a CUDA device (CI, most laptops) it says so, prints the segment figures of the same
access patterns from the index-function model (computed, not timed) and exits 0: it never
prints a bandwidth it did not measure.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "0")  # the real device, unless the caller insists
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from graders import impl, paths  # noqa: E402
from graders.meters import coalescing as co  # noqa: E402  (the model needs no GPU)


def model_table() -> list[tuple[str, str, float, float]]:
    """(kernel, access, segments per request, ideal) from the index-function model."""
    n, grid, tpb = 1 << 20, (1 << 20) // 128, 128
    rows = []
    for k, field in enumerate(("x", "y", "vx", "vy")):
        f = co.model(lambda t, k=k: (t.x, np.full_like(t.x, k)), griddim=grid, blockdim=tpb, itemsize=4, shape=(n, 4))
        rows.append(("particles move_aos", f"p[i, {k}] ({field})", f.mean, f.ideal))
    f = co.model(lambda t: t.x, griddim=grid, blockdim=tpb, itemsize=4)
    rows.append(("particles move_soa", "x[i], y[i], vx[i], vy[i]", f.mean, f.ideal))
    shape, g2 = (2048, 2048), (64, 64)

    def rows_of_tile(t):  # a thread does rows ty, ty + 8, ty + 16, ty + 24 of its 32 x 32 tile
        j = np.arange(0, 32, 8)[None, :]
        return (t.y[:, None] // 8 * 32 + t.y[:, None] % 8 + j, t.x[:, None] + 0 * j)

    def cols_of_tile(t):
        r, c = rows_of_tile(t)
        return (c, r)

    load = co.model(rows_of_tile, griddim=g2, blockdim=(32, 8), itemsize=4, shape=shape)
    store = co.model(cols_of_tile, griddim=g2, blockdim=(32, 8), itemsize=4, shape=shape)
    rows.append(("transpose naive", "load a[y + j, x]", load.mean, load.ideal))
    rows.append(("transpose naive", "store out[x, y + j]", store.mean, store.ideal))
    rows.append(("transpose tiled", "load a / store out (rows)", load.mean, load.ideal))
    items, threads = 16, 128
    inter = co.model(lambda t: (t.bx[:, None] * threads * items + np.arange(items)[None, :] * threads + t.tx[:, None]),
                     griddim=512, blockdim=threads, itemsize=4)
    chunk = co.model(lambda t: (t.bx[:, None] * threads * items + t.tx[:, None] * items + np.arange(items)[None, :]),
                     griddim=512, blockdim=threads, itemsize=4)
    rows.append(("block_sum interleaved", "values[base + k*128 + t]", inter.mean, inter.ideal))
    rows.append(("block_sum chunked (CPU habit)", "values[base + t*16 + k]", chunk.mean, chunk.ideal))
    return rows


def print_model_table() -> None:
    print("\nSegments per warp request (index-function model, computed; the simulator's meter agrees):")
    print(f"  {'kernel':<30} {'access':<28} {'segments':>8} {'ideal':>6}")
    for kernel, access, mean, ideal in model_table():
        print(f"  {kernel:<30} {access:<28} {mean:>8g} {ideal:>6g}")


def timed(cuda, fn, repeat: int) -> float:
    """Median milliseconds of fn() over `repeat` launches, after one warm-up (compiles)."""
    fn()
    cuda.synchronize()
    times = []
    for _ in range(repeat):
        start, end = cuda.event(), cuda.event()
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(cuda.event_elapsed_time(start, end))
    return statistics.median(times)


def measure(args) -> int:
    from numba import cuda

    if not cuda.is_available():
        print("no CUDA device: numba.cuda.is_available() is False; bandwidth not measured.")
        print_model_table()
        return 0
    args.impl = args.impl or impl.default_choice(paths.find_root())
    impl.select(args.impl, paths.find_root())
    particles = impl.load("layout.particles")
    transpose = impl.load("layout.transpose")
    block_sum = impl.load("layout.block_sum")
    dev = cuda.get_current_device()
    print(f"device: {dev.name.decode() if isinstance(dev.name, bytes) else dev.name}; kernels from --impl {args.impl}")

    n_floats = args.mb * 2**20 // 4
    copies: dict[int, float] = {}

    def copy_ms(nbytes: int) -> float:
        if nbytes not in copies:
            src = cuda.to_device(np.ones(nbytes, np.uint8))
            dst = cuda.device_array(nbytes, np.uint8)
            copies[nbytes] = timed(cuda, lambda: dst.copy_to_device(src), args.repeat)
        return copies[nbytes]

    rows = []

    def add(name: str, fn, read: int, written: int) -> None:
        try:
            ms = timed(cuda, fn, args.repeat)
        except NotImplementedError:
            rows.append((name, None, None, None))
            return
        gbs = (read + written) / ms / 1e6
        copy_gbs = 2 * read / copy_ms(read) / 1e6
        rows.append((name, ms, gbs, gbs / copy_gbs))

    n = n_floats // 4  # particles: 16 bytes each
    p = cuda.to_device(np.random.default_rng(0).uniform(0, 50, (n, 4)).astype(np.float32))
    cols = [cuda.to_device(np.random.default_rng(k).uniform(0, 50, n).astype(np.float32)) for k in range(4)]
    add("particles move_aos (given)", lambda: particles.launch_aos(p, 0.01, 100.0, 100.0), 16 * n, 16 * n)
    add("particles move_soa", lambda: particles.launch_soa(*cols, 0.01, 100.0, 100.0), 16 * n, 16 * n)
    side = int(np.sqrt(n_floats)) // 32 * 32
    a = cuda.to_device(np.ones((side, side), np.float32))
    out = cuda.device_array((side, side), np.float32)
    add(f"transpose naive (given) {side}^2", lambda: transpose.launch_naive(a, out), 4 * side * side, 4 * side * side)
    add(f"transpose tiled {side}^2", lambda: transpose.launch_tiled(a, out), 4 * side * side, 4 * side * side)
    v = cuda.to_device(np.ones(n_floats, np.float32))
    total = cuda.to_device(np.zeros(1, np.float64))
    add("block_sum", lambda: block_sum.launch(v, total), 4 * n_floats, 0)

    print(f"\n  {'kernel':<34} {'ms':>9} {'GB/s':>8} {'x copy':>7}")
    for name, ms, gbs, frac in rows:
        if ms is None:
            print(f"  {name:<34} {'not implemented yet':>26}")
        else:
            print(f"  {name:<34} {ms:>9.3f} {gbs:>8.1f} {frac:>7.2f}")
    print("\n'x copy': effective bandwidth / a device-to-device copy's bandwidth (1.00 = as fast as a copy).")
    print_model_table()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default=None,
                        help="exercises, solutions or a folder like exercises/ (default: solutions, if present)")
    parser.add_argument("--mb", type=int, default=64, help="megabytes per input array (default 64)")
    parser.add_argument("--repeat", type=int, default=20, help="timed launches per kernel (median)")
    args = parser.parse_args(argv)
    if os.environ.get("NUMBA_ENABLE_CUDASIM", "0") not in ("", "0"):
        print("NUMBA_ENABLE_CUDASIM is set: the simulator has no bandwidth to measure; unset it on a GPU machine.")
        print_model_table()
        return 0
    try:
        return measure(args)
    except Exception as exc:  # no driver library, no numba-cuda, ...
        if "cuda" in type(exc).__module__.lower() or "CUDA" in str(exc):
            print(f"no CUDA device: {type(exc).__name__}: {exc}; bandwidth not measured.")
            print_model_table()
            return 0
        raise


if __name__ == "__main__":
    sys.exit(main())
