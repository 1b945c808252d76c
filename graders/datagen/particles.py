"""Particles for layout.particles: rows (x, y, vx, vy), float32, inside a width x height box."""
from __future__ import annotations

import numpy as np


def particles(n: int, seed: int = 0, width: float = 100.0, height: float = 60.0, speed: float = 20.0) -> np.ndarray:
    """n particles spread over the box with velocities in [-speed, speed]: an AoS [n, 4] array."""
    rng = np.random.default_rng(seed)
    p = np.empty((n, 4), np.float32)
    p[:, 0] = rng.uniform(0, width, n)
    p[:, 1] = rng.uniform(0, height, n)
    p[:, 2:] = rng.uniform(-speed, speed, (n, 2))
    return p


def every_other_bounces(n: int, width: float = 100.0, height: float = 60.0) -> np.ndarray:
    """Even particles sit by a wall and move into it (they bounce on the next step of dt=1);
    odd ones drift in the middle. Lanes that bounce are spread over the whole warp."""
    p = np.empty((n, 4), np.float32)
    i = np.arange(n)
    even = i % 2 == 0
    left = i % 4 == 0
    p[:, 0] = np.where(even, np.where(left, 0.5, width - 0.5), width / 2)
    p[:, 1] = np.where(even, np.where(left, height - 0.25, 0.25), height / 2)
    p[:, 2] = np.where(even, np.where(left, -2.0, 2.0), 0.5)
    p[:, 3] = np.where(even, np.where(left, 1.0, -1.0), -0.5)
    return p


def expected_step(p: np.ndarray, dt: float, width: float, height: float) -> np.ndarray:
    """The reference update in NumPy (float32 throughout): move, then reflect off each wall once."""
    p = np.asarray(p, np.float32)
    x = p[:, 0] + p[:, 2] * np.float32(dt)
    y = p[:, 1] + p[:, 3] * np.float32(dt)
    vx, vy = p[:, 2].copy(), p[:, 3].copy()
    w, h = np.float32(width), np.float32(height)
    lo_x, hi_x, lo_y, hi_y = x < 0, x > w, y < 0, y > h
    x = np.where(lo_x, -x, np.where(hi_x, 2 * w - x, x))
    y = np.where(lo_y, -y, np.where(hi_y, 2 * h - y, y))
    vx = np.where(lo_x | hi_x, -vx, vx)
    vy = np.where(lo_y | hi_y, -vy, vy)
    return np.stack([x, y, vx, vy], axis=1).astype(np.float32)
