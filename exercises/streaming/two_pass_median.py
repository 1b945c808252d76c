"""Two passes, exact, little memory: the median of a file larger than the memory budget.

The breakout question's stream cannot be read twice, so bounded memory forced an
approximate answer (streaming.gk_quantiles). Data at rest can be: a batch job over a
file too large for memory gets the *exact* median by reading it a few times. Pass 1
counts how many values fall in each of 65,536 ranges (a histogram: 512 KiB whatever the
file size), which tells which range holds the median's rank and how many values lie
below it. Pass 2 keeps only that range's values and selects the rank among them. If the
range still holds more values than the budget allows, histogram it again, 65,536 times
finer. Ranges over the float64 *bit patterns* work for any data (tiny ranges,
+-inf, -0.0): `to_keys` below maps floats to uint64 keys in the same order, so 16 bits of
key per pass pin the median down in at most four passes.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "ride_prices.f64")
    >>> np.array([12.5, 8.0, 23.75, 9.5], dtype="<f8").tofile(path)
    >>> median, passes = file_median(path, memory_budget_bytes=4 << 20)
    >>> median, 1 <= passes <= 4
    (11.0, True)

The file holds little-endian float64 values (what `np.ndarray.tofile` writes on x86/ARM).
An even count gives the mean of the two middle values, (low + high) / 2, as `np.median`
computes it; the result must equal `np.median` of the whole file exactly.
Budgets (tests): at most 4 passes over the file (two when the median's range is small
enough to keep; the reference needs three for the 64 MB test file of normally distributed
ride prices, whose median range holds half a million values); the peak memory (memray)
stays within `memory_budget_bytes`: checked with 4 MiB for files of 8 and 16 MB and with
8 MiB for a file of 64 MB (8,000,000 values), where loading the file would take 64 MB
and np.median another copy.
Bad input raises ValueError: a budget under 4 MiB (or not an int), an empty file
("empty"), a size that is not a multiple of 8 ("multiple of 8"), a NaN in the file ("NaN").
A path that is not a str or os.PathLike (None, an int, which the os functions would take
for a file descriptor) raises TypeError("file_median expects path as a str or os.PathLike,
got int") before anything is read; a path that does not exist raises FileNotFoundError.

Run its tests: pytest exercises/streaming/test_two_pass_median.py   (or: kata check streaming.two_pass_median)
"""
from __future__ import annotations

import os  # noqa: F401

import numpy as np

MIN_BUDGET = 4 << 20
BUCKET_BITS = 16
BUCKETS = 1 << BUCKET_BITS  # ranges per histogram pass
ALL_KEYS = 1 << 64
SIGN = np.uint64(1 << 63)
# The keys of -inf and +inf: a key outside them belongs to a NaN.
KEY_NEG_INF = 0x000FFFFFFFFFFFFF
KEY_POS_INF = 0xFFF0000000000000


# ---- Given: float64 <-> ordered uint64 keys, and reading a file in chunks ------------------

def to_keys(values: np.ndarray, out: np.ndarray) -> np.ndarray:
    """float64 -> uint64 keys in the same order, written into `out` (no new array).

    Negatives get every bit flipped, the others just the sign bit, so -inf < -1.0 < -0.0 <
    0.0 < 1e-300 < inf as keys too. (-0.0 and 0.0 get neighbouring keys; as numbers they
    are equal, so their order does not change the median.)
    """
    bits = values.view(np.uint64)
    np.right_shift(values.view(np.int64), 63, out=out.view(np.int64))  # -1 for negatives, else 0
    np.bitwise_or(out, SIGN, out=out)
    np.bitwise_xor(bits, out, out=out)
    return out


def from_key(key: int) -> float:
    """The float64 whose key is `key`: from_key(int(to_keys(a, k)[i])) == a[i]."""
    bits = key ^ (1 << 63) if key >> 63 else key ^ (ALL_KEYS - 1)
    return float(np.array([bits], dtype=np.uint64).view(np.float64)[0])


def read_chunks(path: str, chunk_values: int):
    """Yield (values, keys) for consecutive chunks of the file, reusing two buffers.

    Each pass is one `for values, keys in read_chunks(path, chunk_values):` loop. The
    arrays are overwritten by the next chunk: copy what you keep.
    """
    buffer = np.empty(chunk_values, dtype="<f8")
    keys = np.empty(chunk_values, dtype=np.uint64)
    with open(path, "rb") as f:
        while True:
            got = f.readinto(buffer) // 8
            if got == 0:
                return
            yield buffer[:got], to_keys(buffer[:got], keys[:got])


# ---- Yours ------------------------------------------------------------------------------

def file_median(path: str, memory_budget_bytes: int) -> tuple[float, int]:
    """The exact median of a little-endian float64 file, and how many passes it read.

    (about 60 lines)
    """
    # TODO: validate the budget (an int >= MIN_BUDGET) and the file: os.path.getsize(path) must be
    #       a non-zero multiple of 8. n = size // 8; the middle ranks (0-based) are (n - 1) // 2, n // 2
    # TODO: size things from the budget, e.g. keep at most budget // 4 bytes of values at the end,
    #       and read chunks of about budget // 100 values (each costs ~40 bytes of temporaries)
    # TODO: pass 1: hist += np.bincount((keys >> 48).view(np.int64), minlength=BUCKETS), plus the
    #       smallest and largest key; a key below KEY_NEG_INF or above KEY_POS_INF -> NaN -> ValueError
    # TODO: cum = np.cumsum(hist); the bucket of rank r is np.searchsorted(cum, r, side="right")
    #       e.g. hist [2, 0, 3], r = 2 -> cum [2, 2, 5] -> bucket 2 (the 3rd and 4th values are there)
    # TODO: the two middle ranks can fall in different buckets: then the lower middle is the largest
    #       key of its bucket and the upper middle the smallest of the other (one more pass)
    # TODO: if the median's bucket holds few enough values, pass 2 copies them out
    #       (values[(keys >= lo) & (keys <= hi)]) and selects with np.partition; else histogram
    #       the bucket's range again into BUCKETS finer ranges (width = ceil(span / BUCKETS)) and repeat
    # TODO: return (median, passes): e.g. (11.0, 2) for the four ride prices above
    raise NotImplementedError("file_median")
