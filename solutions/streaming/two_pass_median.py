"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

Reference solution. See exercises/streaming/two_pass_median.py for the statement.
"""
from __future__ import annotations

import os

import numpy as np

MIN_BUDGET = 4 << 20  # a histogram of 65,536 int64 counts is 512 KiB, and a pass needs three
BUCKET_BITS = 16
BUCKETS = 1 << BUCKET_BITS
ALL_KEYS = 1 << 64
SIGN = np.uint64(1 << 63)
# The keys of -inf and +inf: anything outside them is a NaN.
KEY_NEG_INF = 0x000FFFFFFFFFFFFF
KEY_POS_INF = 0xFFF0000000000000


def to_keys(values: np.ndarray, out: np.ndarray) -> np.ndarray:
    """float64 -> uint64 keys in the same order: flip every bit of negatives, the sign of the rest.

    (-0.0 gets a key just below 0.0: they are equal as numbers, so any order of the two is fine.)
    """
    bits = values.view(np.uint64)
    np.right_shift(values.view(np.int64), 63, out=out.view(np.int64))  # -1 for negatives, else 0
    np.bitwise_or(out, SIGN, out=out)
    np.bitwise_xor(bits, out, out=out)
    return out


def from_key(key: int) -> float:
    bits = key ^ (1 << 63) if key >> 63 else key ^ (ALL_KEYS - 1)
    return float(np.array([bits], dtype=np.uint64).view(np.float64)[0])


def read_chunks(path: str, chunk_values: int):
    """Yield (values, keys) for consecutive chunks, reusing two buffers (no per-chunk allocation)."""
    buffer = np.empty(chunk_values, dtype="<f8")
    keys = np.empty(chunk_values, dtype=np.uint64)
    with open(path, "rb") as f:
        while True:
            got = f.readinto(buffer) // 8
            if got == 0:
                return
            yield buffer[:got], to_keys(buffer[:got], keys[:got])


def file_median(path: str, memory_budget_bytes: int) -> tuple[float, int]:
    """The exact median of a little-endian float64 file, and how many passes it read."""
    # An int would be taken for an open file descriptor by os.path.getsize and np.fromfile.
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"file_median expects path as a str or os.PathLike, got {type(path).__name__}")
    if isinstance(memory_budget_bytes, bool) or not isinstance(memory_budget_bytes, int):
        raise ValueError(f"memory_budget_bytes must be an int, got {memory_budget_bytes!r}")
    if memory_budget_bytes < MIN_BUDGET:
        raise ValueError(f"memory_budget_bytes must be at least 4 MiB ({MIN_BUDGET}), got {memory_budget_bytes}")
    size = os.path.getsize(path)
    if size % 8:
        raise ValueError(f"{path} holds {size} bytes, not a multiple of 8: not a float64 file")
    if size == 0:
        raise ValueError(f"{path} is empty: an empty file has no median")
    n = size // 8
    # A quarter of the budget for the values of the final range; histograms (the counts, one
    # chunk's bincount, their cumsum: 1.5 MiB); half of the rest for chunk work: per value a
    # read buffer, a key buffer and a few temporaries (about 40 bytes).
    collect_limit = memory_budget_bytes // 4 // 8
    chunk_values = (memory_budget_bytes - 3 * BUCKETS * 8) // 2 // 40
    low_rank, high_rank = (n - 1) // 2, n // 2  # 0-based; equal when n is odd

    def middle(low: float, high: float) -> float:
        # np.median's arithmetic: the middle value, or (low + high) / 2 in float64.
        return low if n % 2 else (low + high) / 2

    # Pass 1: count, min, max and a histogram of the top 16 bits of every key.
    hist = np.zeros(BUCKETS, dtype=np.int64)
    min_key, max_key = ALL_KEYS - 1, 0
    for _, keys in read_chunks(path, chunk_values):
        top = np.right_shift(keys, np.uint64(64 - BUCKET_BITS))
        hist += np.bincount(top.view(np.int64), minlength=BUCKETS)
        min_key = min(min_key, int(keys.min()))
        max_key = max(max_key, int(keys.max()))
    passes = 1
    if min_key < KEY_NEG_INF or max_key > KEY_POS_INF:
        raise ValueError(f"{path} contains NaN: NaN has no place in an ordering")
    if min_key == max_key:
        return middle(from_key(min_key), from_key(min_key)), passes

    # The range [start, start + width * BUCKETS) of keys, `below` values under it.
    start, width, below = 0, 1 << (64 - BUCKET_BITS), 0
    while True:
        cum = np.cumsum(hist)
        b_low = int(np.searchsorted(cum, low_rank - below, side="right"))
        b_high = int(np.searchsorted(cum, high_rank - below, side="right"))
        before = below + (int(cum[b_low - 1]) if b_low else 0)
        lo_key = max(start + b_low * width, min_key)
        hi_key = min(start + (b_high + 1) * width - 1, max_key)
        if b_low != b_high:
            # The two middle ranks straddle two buckets: the low one is the largest key of
            # its bucket, the high one the smallest of the next non-empty bucket.
            if width == 1:
                return middle(from_key(start + b_low), from_key(start + b_high)), passes
            top_low = min(start + (b_low + 1) * width - 1, max_key)
            bottom_high = max(start + b_high * width, min_key)
            largest, smallest = 0, ALL_KEYS - 1
            for _, keys in read_chunks(path, chunk_values):
                inside = keys[(keys >= np.uint64(lo_key)) & (keys <= np.uint64(top_low))]
                if inside.size:
                    largest = max(largest, int(inside.max()))
                inside = keys[(keys >= np.uint64(bottom_high)) & (keys <= np.uint64(hi_key))]
                if inside.size:
                    smallest = min(smallest, int(inside.min()))
            return middle(from_key(largest), from_key(smallest)), passes + 1
        count = int(hist[b_low])
        if width == 1 or lo_key == hi_key:
            return middle(from_key(lo_key), from_key(lo_key)), passes  # both middle ranks hold this key
        if count <= collect_limit:
            # Few enough: keep the range's values and select the two ranks in place.
            kept = np.empty(count, dtype=np.float64)
            filled = 0
            for values, keys in read_chunks(path, chunk_values):
                inside = values[(keys >= np.uint64(lo_key)) & (keys <= np.uint64(hi_key))]
                kept[filled : filled + inside.size] = inside
                filled += inside.size
            kth = [low_rank - before, high_rank - before]
            kept.partition(kth)
            return middle(float(kept[kth[0]]), float(kept[kth[1]])), passes + 1
        # Too many: histogram the range again, 65,536 times finer. Each refinement divides
        # the width by 2**16, so after four passes the width is one key.
        start, below = lo_key, before
        width = -(-(hi_key - lo_key + 1) // BUCKETS)
        hist = np.zeros(BUCKETS, dtype=np.int64)
        lo64, hi64, w64 = np.uint64(lo_key), np.uint64(hi_key), np.uint64(width)
        for _, keys in read_chunks(path, chunk_values):
            inside = keys[(keys >= lo64) & (keys <= hi64)]
            bucket = np.floor_divide(np.subtract(inside, lo64, out=inside), w64, out=inside)
            hist += np.bincount(bucket.view(np.int64), minlength=BUCKETS)
        passes += 1
