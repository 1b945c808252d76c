"""Particles, AoS to SoA: make every global load and store of a kernel coalesced.

Reference solution. See exercises/layout/particles.py for the statement.
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
    """SoA: lane i touches x[i], y[i], vx[i], vy[i], so a warp's lanes read neighbours."""
    i = cuda.grid(1)
    if i < x.shape[0]:
        # One load per field into registers ...
        u = vx[i]
        v = vy[i]
        px = x[i] + u * dt
        py = y[i] + v * dt
        if px < 0:
            px = -px
            u = -u
        elif px > width:
            px = 2 * width - px
            u = -u
        if py < 0:
            py = -py
            v = -v
        elif py > height:
            py = 2 * height - py
            v = -v
        # ... and one unconditional store per field: every lane of the warp stores, so each
        # request covers 32 consecutive floats (4 segments), bounced or not.
        x[i] = px
        y[i] = py
        vx[i] = u
        vy[i] = v


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
    """AoS [N, 4] -> (x, y, vx, vy): four contiguous float32 arrays (copies)."""
    _check(p)
    # p[:, k] is a view with a 16-byte stride: numba would refuse to copy it to the device.
    # copy() always copies (ascontiguousarray returns a 1-particle view as it is).
    return tuple(p[:, k].copy() for k in range(4))  # type: ignore[return-value]


def join(x: np.ndarray, y: np.ndarray, vx: np.ndarray, vy: np.ndarray) -> np.ndarray:
    """(x, y, vx, vy) -> AoS [N, 4] float32."""
    for name, arr in (("x", x), ("y", y), ("vx", vx), ("vy", vy)):
        if not isinstance(arr, (np.ndarray, list, tuple)):
            raise TypeError(f"join expects {name} as a 1-D array, got {type(arr).__name__}")
    if not len(x) == len(y) == len(vx) == len(vy):
        raise ValueError(f"x, y, vx, vy must have the same length, got {len(x)}, {len(y)}, {len(vx)}, {len(vy)}")
    return np.stack([x, y, vx, vy], axis=1).astype(np.float32, copy=False)


def step(p: np.ndarray, dt: float, width: float, height: float) -> np.ndarray:
    """One time step of every particle on the GPU, through SoA; returns a new [N, 4] array."""
    for name, value in (("dt", dt), ("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"step expects {name} as a number, got {type(value).__name__}")
    x, y, vx, vy = split(p)
    if len(x):
        launch_soa(x, y, vx, vy, dt, width, height)
    return join(x, y, vx, vy)
