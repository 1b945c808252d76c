"""The coalescing meter reproduces the reference figures, with the tracer and the model.

CUDA Best Practices (compute capability 6.0+), REFERENCE.md: a warp's accesses are served
in 32-byte segments. Consecutive float32: 4 per warp; misaligned by one word: 5; stride 2:
8; stride 4: 16; stride 8 or more: 32; float64 consecutive: 8; an AoS [N, 4] float32 field
read: 16, its SoA version: 4.
"""
from __future__ import annotations

import sys
import time
import xml.dom.minidom

import numpy as np
import pytest

from graders.meters import coalescing as co

from numba import cuda, float32  # noqa: E402  (after the meter: the simulator)

# (name, stride, offset, dtype, expected segments per full-warp request)
REFERENCE = [
    ("contiguous float32", 1, 0, np.float32, 4),
    ("contiguous float64", 1, 0, np.float64, 8),
    ("misaligned by one float32", 1, 1, np.float32, 5),
    ("stride 2", 2, 0, np.float32, 8),
    ("stride 4", 4, 0, np.float32, 16),
    ("stride 8", 8, 0, np.float32, 32),
    ("stride 32", 32, 0, np.float32, 32),
]


@cuda.jit
def strided_read(a, out, stride, offset):
    i = cuda.grid(1)
    out[i] = a[offset + stride * i]


@cuda.jit
def aos_field(p, out):
    i = cuda.grid(1)
    out[i] = p[i, 1]


@cuda.jit
def soa_field(y, out):
    i = cuda.grid(1)
    out[i] = y[i]


@cuda.jit
def record_fields(p, out):
    i = cuda.grid(1)
    out[i] = p[i].y + p[i]["vx"]
    p[i].x = 0.0


@cuda.jit
def walk2d(a, out, rows_first):
    x, y = cuda.grid(2)
    if x < out.shape[1] and y < out.shape[0]:
        if rows_first:
            out[y, x] = a[y, x]
        else:
            out[y, x] = a[x, y]


@cuda.jit
def loop_read(a, out, reps, step):
    i = cuda.grid(1)
    s = 0.0
    for k in range(reps):
        s += a[i * step + k]
    out[i] = s


@cuda.jit
def guarded(a, out, n):
    i = cuda.grid(1)
    if i < n:
        out[i] = a[i]


@cuda.jit
def divergent(a, out):
    i = cuda.grid(1)
    s = 0.0
    for k in range(i % 3):
        s += a[i + k]
    out[i] = s


@cuda.jit
def slicing(a, out):
    i = cuda.grid(1)
    row = a[i]
    out[i] = row[0]


@cuda.jit
def histogram(values, bins):
    i = cuda.grid(1)
    cuda.atomic.add(bins, values[i], 1)


@cuda.jit
def tile_copy(a, out, sync):
    tile = cuda.shared.array(64, float32)
    t = cuda.threadIdx.x
    i = cuda.grid(1)
    tile[t] = a[i]
    if sync:
        cuda.syncthreads()
    out[i] = tile[63 - t]


def _trace_strided(stride, offset, dtype, warps=2):
    n = 32 * warps
    a = np.arange(offset + stride * (n - 1) + 1).astype(dtype)
    out = np.zeros(n, dtype)
    t = co.trace_kernel(strided_read, warps, 32, a, out, stride, offset)
    assert np.array_equal(out, a[offset + stride * np.arange(n)]), "the traced kernel computed a wrong result"
    return t.one(array="a", kind="load")


def _model_strided(stride, offset, dtype, warps=2):
    return co.model(lambda t: offset + stride * t.x, griddim=warps, blockdim=32, itemsize=np.dtype(dtype).itemsize)


@pytest.mark.parametrize("name, stride, offset, dtype, expected", REFERENCE, ids=[r[0] for r in REFERENCE])
def test_reference_figures_with_the_tracer(name, stride, offset, dtype, expected):
    site = _trace_strided(stride, offset, dtype)
    assert site.mean == expected, f"{name}: the tracer measured {site.mean}, the reference is {expected}"
    assert site.ideal == np.dtype(dtype).itemsize, f"{name}: ideal {site.ideal} for {np.dtype(dtype)}"
    assert site.n_requests == 2 and site.worst == expected


@pytest.mark.parametrize("name, stride, offset, dtype, expected", REFERENCE, ids=[r[0] for r in REFERENCE])
def test_reference_figures_with_the_model(name, stride, offset, dtype, expected):
    fig = _model_strided(stride, offset, dtype, warps=1000)
    assert fig.mean == expected, f"{name}: the model gives {fig.mean}, the reference is {expected}"
    assert fig.ideal == np.dtype(dtype).itemsize and fig.requests == 1000


def test_aos_field_16_and_soa_4_with_the_tracer():
    p = np.arange(64 * 4, dtype=np.float32).reshape(64, 4)
    out = np.zeros(64, np.float32)
    aos = co.trace_kernel(aos_field, 2, 32, p, out).one(array="p")
    assert out.tolist() == p[:, 1].tolist()
    soa = co.trace_kernel(soa_field, 2, 32, np.ascontiguousarray(p[:, 1]), out).one(array="y")
    assert (aos.mean, soa.mean) == (16, 4), f"AoS field read {aos.mean}, SoA {soa.mean}: expected 16 and 4"


def test_aos_field_16_and_soa_4_with_the_model():
    aos = co.model(lambda t: (t.x, np.full_like(t.x, 1)), griddim=64, blockdim=128, itemsize=4, shape=(8192, 4))
    soa = co.model(lambda t: t.x, griddim=64, blockdim=128, itemsize=4)
    assert (aos.mean, soa.mean) == (16, 4)


def test_structured_dtype_fields_are_traced_at_their_offsets():
    dtype = np.dtype([("x", "<f4"), ("y", "<f4"), ("vx", "<f4"), ("vy", "<f4")])
    p = np.zeros(64, dtype)
    p["y"], p["vx"] = np.arange(64), 1.0
    out = np.zeros(64, np.float32)
    t = co.trace_kernel(record_fields, 2, 32, p, out)
    loads = t.select(array="p", kind="load")
    if sys.version_info >= (3, 11):  # the source columns of each access
        assert sorted(s.expr for s in loads) == ["p[i].y", 'p[i]["vx"]'], t.table()
    else:  # Python 3.10 has line numbers only: the array and field name
        assert sorted(s.expr for s in loads) == ["p[...].vx", "p[...].y"], t.table()
    assert all(s.mean == 16 for s in loads) and t.one(array="p", kind="store").mean == 16, t.table()
    assert out.tolist() == (np.arange(64) + 1.0).tolist() and (p["x"] == 0).all()
    fig = co.model(lambda t: t.x, griddim=2, blockdim=32, itemsize=16, field_offset=4, width=4)
    assert fig.mean == 16


@pytest.mark.parametrize("rows_first, expected", [(True, 4), (False, 32)], ids=["row-walk", "column-walk"])
def test_2d_row_and_column_walks_agree_with_the_model(rows_first, expected):
    a = np.arange(64 * 64, dtype=np.float32).reshape(64, 64)
    out = np.zeros((8, 64), np.float32)
    site = co.trace_kernel(walk2d, (2, 1), (32, 8), a, out, rows_first).one(array="a")
    index = (lambda t: (t.y, t.x)) if rows_first else (lambda t: (t.x, t.y))
    fig = co.model(index, griddim=(2, 1), blockdim=(32, 8), itemsize=4, shape=(64, 64))
    assert site.mean == fig.mean == expected, f"tracer {site.mean}, model {fig.mean}, expected {expected}"


@pytest.mark.parametrize("stride, offset, dtype", [(1, 3, np.float32), (3, 0, np.float64), (6, 1, np.int16),
                                                   (1, 1, np.uint8), (5, 2, np.complex128)])
def test_tracer_and_model_agree_on_odd_patterns(stride, offset, dtype):
    site = _trace_strided(stride, offset, dtype, warps=3)
    fig = _model_strided(stride, offset, dtype, warps=3)
    assert (site.mean, site.ideal, site.worst) == (fig.mean, fig.ideal, fig.worst), f"tracer {site.figure}, model {fig}"


def test_loops_make_one_request_per_pass():
    a = np.zeros(64 * 8 + 8, np.float32)
    t = co.trace_kernel(loop_read, 2, 32, a, np.zeros(64, np.float32), 3, 8)
    site = t.one(array="a")
    assert site.n_requests == 2 * 3, f"3 passes x 2 warps, got {site.n_requests}"
    fig = co.model(lambda t: t.x[:, None] * 8 + np.arange(3)[None, :], griddim=2, blockdim=32, itemsize=4)
    assert site.mean == fig.mean == 32.0, f"stride-8 reads in a loop: tracer {site.mean}, model {fig.mean}"


def test_bounds_guard_leaves_a_partial_warp_with_a_smaller_ideal():
    n = 40
    t = co.trace_kernel(guarded, 2, 32, np.zeros(64, np.float32), np.zeros(64, np.float32), n)
    site = t.one(array="a")
    assert site.lanes.tolist() == [32, 8] and site.counts.tolist() == [4, 1] and site.ideals.tolist() == [4, 1]
    fig = co.model(lambda t: t.x, active=lambda t: t.x < n, griddim=2, blockdim=32, itemsize=4)
    assert (fig.mean, fig.ideal) == (site.mean, site.ideal) == (2.5, 2.5)


def test_divergent_warps_are_reported_not_guessed():
    t = co.trace_kernel(divergent, 1, 32, np.zeros(40, np.float32), np.zeros(32, np.float32))
    site = t.one(array="a")
    assert site.mean is None and "divergent warp 0" in site.untraceable, site.describe()
    assert "ran it 1 times" in site.untraceable and "ran it 2 times" in site.untraceable
    with pytest.raises(AssertionError, match="NOT TRACED: divergent"):
        co.assert_segments(t, what="a divergent loop")


def test_slices_are_reported_not_guessed():
    t = co.trace_kernel(slicing, 1, 32, np.zeros((32, 4), np.float32), np.zeros(32, np.float32))
    site = t.one(array="a")
    assert site.mean is None and "slice or partial index" in site.untraceable, site.describe()
    with pytest.raises(AssertionError, match="slice"):
        co.assert_segments(t, what="slicing")


@cuda.jit
def whole_array(a, out):
    i = cuda.grid(1)
    out[i] = a.sum() + a.T[0]


def test_whole_array_operations_are_reported_not_guessed():
    t = co.trace_kernel(whole_array, 1, 32, np.ones(32, np.float32), np.zeros(32, np.float32))
    reasons = [s.untraceable for s in t.select(array="a")]
    assert any("a.sum()" in r for r in reasons) and any("a.T" in r for r in reasons), t.table()


def test_atomics_count_once_per_call():
    values = (np.arange(64) % 4).astype(np.int64)
    bins = np.zeros(4, np.int32)
    t = co.trace_kernel(histogram, 2, 32, values, bins)
    assert bins.tolist() == [16, 16, 16, 16]
    site = t.one(array="bins")
    assert site.kind == "atomic" and site.n_requests == 2 and site.lanes.tolist() == [32, 32], site.describe()
    assert site.mean == 1, "32 lanes updating 4 neighbouring int32 bins touch one segment"
    assert [s.kind for s in t.select(array="bins")] == ["atomic"], "the atomic's own load and store are not separate sites"


def test_shared_memory_is_not_global_traffic_and_races_are_found():
    a = np.arange(64, dtype=np.float32)
    out = np.zeros(64, np.float32)
    t = co.trace_kernel(tile_copy, 1, 64, a, out, True)
    assert out.tolist() == a[::-1].tolist() and not t.races
    assert {s.array for s in t.select()} == {"a", "out"}, "only a and out are global memory"
    shared = t.select(memory="shared")
    assert {s.array for s in shared} == {"tile"} and all(s.bank_ways == s.bank_ideal == 1 for s in shared), t.table()
    co.assert_no_races(t, what="tile copy with a barrier")
    t = co.trace_kernel(tile_copy, 1, 64, a, out, False)
    assert t.races, "writing tile[t] and reading tile[63 - t] with no barrier is a race"
    with pytest.raises(AssertionError, match=r"shared-memory race.*tile\[\d+\]"):
        co.assert_no_races(t, what="tile copy without a barrier")


@cuda.jit
def tile_column(out, padded):
    if padded:
        tile = cuda.shared.array((32, 33), float32)
    else:
        tile = cuda.shared.array((32, 32), float32)
    tx, ty = cuda.threadIdx.x, cuda.threadIdx.y
    tile[ty, tx] = tx
    cuda.syncthreads()
    out[ty, tx] = tile[tx, ty]


@pytest.mark.parametrize("padded, passes", [(False, 32), (True, 1)], ids=["32x32", "32x33"])
def test_bank_conflicts_of_a_tile_column(padded, passes):
    out = np.zeros((2, 32), np.float32)
    t = co.trace_kernel(tile_column, 1, (32, 2), out, padded)
    column = [s for s in t.select(memory="shared", kind="load")][0]
    assert (column.bank_ways, column.bank_ideal) == (passes, 1), column.describe()
    assert not t.races


def test_failure_message_names_the_site_and_draws_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_PICTURES", str(tmp_path))
    a = np.zeros(32 * 2 * 2, np.float32)
    t = co.trace_kernel(strided_read, 2, 32, a, np.zeros(64, np.float32), 2, 0)
    with pytest.raises(AssertionError) as info:
        co.assert_segments(t, what="stride 2")
    message = str(info.value)
    assert "test_coalescing.py:" in message
    assert ("a[offset + stride * i]" if sys.version_info >= (3, 11) else "a[...]") in message
    assert "8 segments per warp request, ideal 4" in message
    assert "|========|" in message, message  # 8 segments, each half used
    svgs = list(tmp_path.glob("*.svg"))
    assert len(svgs) == 1 and "picture: " + str(svgs[0]) in message
    xml.dom.minidom.parse(str(svgs[0]))  # well-formed


def test_picture_of_a_misaligned_warp():
    site = _trace_strided(1, 1, np.float32)
    lines = site.picture().splitlines()
    assert lines[1].endswith("|=###-|"), site.picture()  # 28, 32, 32, 32, 4 bytes used


def test_budgets_pass_at_the_ideal_and_by_number():
    site_trace = co.trace_kernel(strided_read, 2, 32, np.zeros(64, np.float32), np.zeros(64, np.float32), 1, 0)
    co.assert_segments(site_trace, what="contiguous")
    t = co.trace_kernel(strided_read, 2, 32, np.zeros(64 * 2, np.float32), np.zeros(64, np.float32), 2, 0)
    co.assert_segments(t, what="stride 2 within 8", at_most={"a": 8})
    with pytest.raises(AssertionError, match="no global"):
        co.assert_segments(t, what="nothing", arrays=["missing"])


def test_non_contiguous_arguments_are_refused_like_numba_does():
    p = np.zeros((64, 4), np.float32)
    with pytest.raises(ValueError, match="non-contiguous"):
        co.trace_kernel(soa_field, 2, 32, p[:, 1], np.zeros(64, np.float32))


def test_launch_functions_and_their_own_arrays_are_traced():
    def launch(n):
        a, out = np.arange(n, dtype=np.float32), np.zeros(n, np.float32)
        strided_read[n // 32, 32](a, out, 1, 0)
        return out.sum()

    t = co.trace(launch, 96)
    assert t.result == sum(range(96)) and t.one(array="a").n_requests == 3 and t.launches[0]["kernel"] == "strided_read"


def test_the_model_handles_millions_of_threads_quickly():
    start = time.perf_counter()
    fig = co.model(lambda t: 2 * t.x, griddim=16_384, blockdim=256, itemsize=4)  # 4M threads
    assert (fig.mean, fig.requests) == (8.0, 131_072)
    transpose = co.model(lambda t: (t.x, t.y), griddim=(64, 256), blockdim=(32, 8), itemsize=4, shape=(2048, 2048))
    assert transpose.mean == 32.0
    assert time.perf_counter() - start < 20


def test_model_validates_its_input():
    with pytest.raises(ValueError):
        co.model(lambda t: t.x, griddim=0, blockdim=32, itemsize=4)
    with pytest.raises(ValueError, match="shape"):
        co.model(lambda t: (t.x, t.y), griddim=1, blockdim=32, itemsize=4)


def test_gpu_worker_round_trip_in_the_simulator(tmp_path):
    """The child process a GPU test uses, run here in the simulator: arrays in and out by .npz."""
    import json
    import os
    import subprocess
    import sys

    from graders import paths

    root = paths.PACKAGE_DIR.parent
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.savez(tmp_path / "in.npz", arg0=a)
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1", PYTHONPATH=str(root))
    proc = subprocess.run(
        [sys.executable, "-m", "graders.meters.gpu_worker", str(root / "solutions"), "layout.transpose", "transpose",
         str(tmp_path / "in.npz"), str(tmp_path / "out.npz"), json.dumps({})],
        env=env, cwd=root, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with np.load(tmp_path / "out.npz", allow_pickle=False) as out:
        assert out["r0"].tolist() == a.T.tolist()


def test_gpu_tests_skip_with_a_reason_without_a_device(monkeypatch):
    from graders.meters import gpu

    monkeypatch.setenv("KATA_NO_GPU", "1")
    gpu.device_status.cache_clear()
    try:
        with pytest.raises(pytest.skip.Exception, match="no CUDA device: KATA_NO_GPU is set"):
            gpu.require_gpu()
    finally:
        gpu.device_status.cache_clear()


def test_host_views_get_a_fresh_aligned_copy_device_views_keep_their_offset():
    a = np.arange(200, dtype=np.float32)
    out = np.zeros(64, np.float32)
    host_view = co.trace_kernel(strided_read, 2, 32, a[1:], out, 1, 0).one(array="a")
    assert host_view.mean == 4, "numba copies a host array (view or not) into a new 256-byte aligned allocation"
    d = cuda.to_device(a)
    device_view = co.trace_kernel(strided_read, 2, 32, d[1:], out, 1, 0).one(array="a")
    assert device_view.mean == 5, "a slice of a device array starts 4 bytes into its allocation"
    assert out.tolist() == a[1:65].tolist()
