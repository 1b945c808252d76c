"""Particles, AoS to SoA: make every global load and store of a kernel coalesced.

The deck: "CPU - Array of Structures, GPU - Structure of Arrays". A particle system kept
as an AoS array `p[N, 4]` of float32 (x, y, vx, vy) is natural on the CPU: one particle's
fields share a cache line. On the GPU, thread i updates particle i, so when a warp loads
`p[i, 0]` its 32 lanes read addresses 16 bytes apart: the load touches 16 32-byte
segments to use 128 bytes, a quarter of what it moves. `move_aos` below is that kernel;
the coalescing meter measures **16 segments per warp request on each of its 4 loads and 4
stores**, where the ideal for float32 is 4. Keep each field in its own array (SoA) and
lane i reads x[i], lane i+1 x[i+1]: consecutive, 4 segments.

Write `move_soa(x, y, vx, vy, dt, width, height)`, the same update on four arrays: move
by velocity * dt, then reflect off the walls of the box [0, width] x [0, height] once per
axis (x < 0 -> -x, x > width -> 2 * width - x, and the velocity on that axis flips sign).
`launch_soa` launches it (one thread per particle, 128 threads a block); `split`,
`join` and `step` are the host side: AoS -> four contiguous arrays -> launch -> AoS.

Budget the tests enforce, measured by the coalescing meter in Numba's CUDA simulator: **every
global load and store of `move_soa` at the ideal segment count** (4 per full warp for
float32). So load each field once, compute, and store each field once, unconditionally:
a store inside `if x < 0:` is a request by the few lanes that bounced, scattered over
the warp, and costs more segments than its lanes need. Results must equal NumPy's
float32 update (to 1e-6).

    >>> p = np.array([[1.0, 2.0, -4.0, 1.0], [50.0, 30.0, 2.0, 0.0]], np.float32)
    >>> step(p, 0.5, 100.0, 60.0).tolist()      # the first particle hits x = 0 and bounces
    [[1.0, 2.5, 4.0, 1.0], [51.0, 30.0, 2.0, 0.0]]
    >>> [a.flags.c_contiguous for a in split(p)], join(*split(p)).tolist() == p.tolist()
    ([True, True, True, True], True)

When a budget fails, the message names the site (file:line), draws the segments each
warp request touched as a text grid, and writes an SVG of it under .kata/pictures/.

Bad input: split and step raise ValueError for anything but a float32 array of shape
(N, 4) (name the dtype and shape); join raises ValueError when the four arrays differ in
length. Arguments of the wrong type raise TypeError naming the function and the parameter:
step's dt, width and height are numbers ("step expects dt as a number, got str"), join's
arrays arrays or lists ("join expects x as a 1-D array, got NoneType"). No particles is fine:
split, join and step of an empty (0, 4) array give empty arrays. Kernels run in Numba's CUDA simulator here (the tests set that up); with a CUDA GPU
the same code runs on it (`pytest -m gpu`, and benchmarks/layout_bandwidth.py).

Run its tests: pytest exercises/layout/test_particles.py   (or: kata check layout.particles)
"""
from __future__ import annotations

import numpy as np
from numba import cuda

THREADS_PER_BLOCK = 128


@cuda.jit
def move_aos(p, dt, width, height):
    """The AoS kernel (given): 16 segments per warp request on every load and store."""
    i = cuda.grid(1)
    if i < p.shape[0]:
        vx = p[i, 2]
        vy = p[i, 3]
        x = p[i, 0] + vx * dt
        y = p[i, 1] + vy * dt
        if x < 0:
            x = -x
            vx = -vx
        elif x > width:
            x = 2 * width - x
            vx = -vx
        if y < 0:
            y = -y
            vy = -vy
        elif y > height:
            y = 2 * height - y
            vy = -vy
        p[i, 0] = x
        p[i, 1] = y
        p[i, 2] = vx
        p[i, 3] = vy


@cuda.jit
def move_soa(x, y, vx, vy, dt, width, height):
    """SoA: lane i touches x[i], y[i], vx[i], vy[i], so a warp's lanes read neighbours.

    (about 20 lines)
    """
    # TODO: i = cuda.grid(1); do nothing when i >= x.shape[0] (the last block is partly empty)
    # TODO: load each field once into a local: u = vx[i] ...; move: px = x[i] + u * dt
    # TODO: reflect once per axis: px < 0 -> -px and u = -u; px > width -> 2 * width - px and u = -u
    #       e.g. x 1.0, vx -4.0, dt 0.5: px = -1.0 -> 1.0, u = 4.0
    # TODO: store every field once, outside the ifs: x[i] = px; y[i] = py; vx[i] = u; vy[i] = v
    raise NotImplementedError("move_soa")


def blocks_for(n: int) -> int:
    return max(1, (n + THREADS_PER_BLOCK - 1) // THREADS_PER_BLOCK)


def launch_aos(p: np.ndarray, dt: float, width: float, height: float) -> None:
    """Run move_aos on p in place (given)."""
    move_aos[blocks_for(p.shape[0]), THREADS_PER_BLOCK](p, dt, width, height)


def launch_soa(x, y, vx, vy, dt: float, width: float, height: float) -> None:
    """Run move_soa on the four arrays in place (given)."""
    move_soa[blocks_for(x.shape[0]), THREADS_PER_BLOCK](x, y, vx, vy, dt, width, height)


def _check(p: np.ndarray) -> None:
    if not isinstance(p, np.ndarray) or p.dtype != np.float32 or p.ndim != 2 or p.shape[1] != 4:
        kind = f"{p.dtype} array of shape {p.shape}" if isinstance(p, np.ndarray) else type(p).__name__
        raise ValueError(f"particles must be a float32 array of shape (N, 4) (x, y, vx, vy), got a {kind}")


def split(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """AoS [N, 4] -> (x, y, vx, vy): four contiguous float32 arrays (copies).

    (about 3 lines)
    """
    # TODO: _check(p), then one contiguous copy per column. p[:, 0] alone is a view whose
    #       stride is 16 bytes (p[:, 0].strides == (16,)): still AoS, and numba refuses to
    #       copy a non-contiguous array to the device. p[:, 0].copy() is SoA.
    raise NotImplementedError("split")


def join(x: np.ndarray, y: np.ndarray, vx: np.ndarray, vy: np.ndarray) -> np.ndarray:
    """(x, y, vx, vy) -> AoS [N, 4] float32.

    (about 3 lines)
    """
    # TODO: different lengths -> ValueError; np.stack([...], axis=1) as float32
    raise NotImplementedError("join")


def step(p: np.ndarray, dt: float, width: float, height: float) -> np.ndarray:
    """One time step of every particle on the GPU, through SoA; returns a new [N, 4] array.

    (about 4 lines)
    """
    # TODO: x, y, vx, vy = split(p); launch_soa(x, y, vx, vy, dt, width, height) unless N == 0;
    #       return join(x, y, vx, vy). p itself stays unchanged.
    raise NotImplementedError("step")
