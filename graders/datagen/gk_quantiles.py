"""Streams for streaming.gk_quantiles (tests and benchmarks/streaming_quantiles.py).

Each stream is a list of n floats in arrival order, deterministic for a given seed. The
orders are the ones that stress a quantile summary: sorted input makes every new value a
new maximum, reversed input a new minimum, zigzag alternates the two ends, and heavy
duplicates make one value cover a wide range of ranks.
"""
from __future__ import annotations

import numpy as np

NAMES = ("sorted", "reversed", "zigzag", "duplicates", "random", "organ-pipe", "shuffled-blocks")


def stream(name: str, n: int, seed: int = 0) -> list[float]:
    """One named stream of `n` floats."""
    rng = np.random.default_rng(seed)
    if name == "sorted":
        values = np.sort(rng.normal(0, 1, n))
    elif name == "reversed":
        values = np.sort(rng.normal(0, 1, n))[::-1]
    elif name == "zigzag":
        ordered = np.sort(rng.normal(0, 1, n))
        values = np.empty(n)
        values[0::2] = ordered[: (n + 1) // 2]
        values[1::2] = ordered[(n + 1) // 2 :][::-1]
    elif name == "duplicates":
        # Ten distinct prices, the middle ones far more common than the ends.
        values = np.round(np.clip(rng.normal(4.5, 1.5, n), 0, 9)).astype(float)
    elif name == "random":
        values = rng.uniform(-1000, 1000, n)
    elif name == "organ-pipe":
        up = np.sort(rng.exponential(1, (n + 1) // 2))
        values = np.concatenate([up, np.sort(rng.exponential(1, n // 2))[::-1]])
    elif name == "shuffled-blocks":
        # Sorted runs of 1,000 values arriving in a random order of runs.
        ordered = np.sort(rng.lognormal(0, 1, n))
        blocks = [ordered[i : i + 1000] for i in range(0, n, 1000)]
        values = np.concatenate([blocks[i] for i in rng.permutation(len(blocks))]) if blocks else ordered
    else:
        raise ValueError(f"unknown stream {name!r}; one of {NAMES}")
    return [float(x) for x in values]


def streams(n: int, seed: int = 0) -> dict[str, list[float]]:
    """Every named stream of `n` floats."""
    return {name: stream(name, n, seed) for name in NAMES}
