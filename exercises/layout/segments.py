"""Predict the transactions: how many 32-byte segments a warp's request touches.

CUDA Best Practices, 9.2.1 "Coalesced Access to Global Memory": "Global memory loads and
stores by threads of a warp are coalesced by the device into as few as possible
transactions." A warp is 32 threads (lanes) running one instruction together; when that
instruction is a load or store, the device serves it in 32-byte *segments* (segment s holds
bytes 32s .. 32s + 31). The deck's picture: 32 lanes reading consecutive float32 touch
**four** 32-byte segments, and nothing is wasted. Make them read one field of 16-byte
records (an AoS `[N, 4]` float32 array) and the same 32 floats are spread over 16
segments, each used for 8 of its 32 bytes: "CPU - Array of Structures, GPU - Structure of
Arrays". Arrays start 256-byte aligned (cudaMalloc does that), at byte 0 here.

Predict the counts; the tests check them against the coalescing meter, which runs small
kernels in Numba's CUDA simulator and counts what each warp really touched.

1. `segments(addresses, width)`: lane k accesses `width` bytes from byte `addresses[k]`;
   the number of distinct segments those bytes fall in (an access may straddle two).
2. `strided(stride, offset, itemsize)`: one full warp, lane k reads element
   `offset + stride * k` of an array of `itemsize`-byte elements.
3. `field_read(record_size, field_offset, field_size)`: AoS, lane k reads one field of
   record k (records are `record_size` bytes, the field sits at `field_offset`).
4. `walk(shape, itemsize, along)`: a C-ordered (rows, cols) array. "row": for every row r
   a warp reads a[r, 0..31] (the lanes walk along a row); "column": for every column c a
   warp reads a[0..31, c]. Return the mean over all those warps: when a row is not a
   multiple of 32 bytes long, rows start at different offsets within a segment.

    >>> segments([0, 4, 8, 12]), segments([28], width=8)   # one segment; bytes 28..35 straddle two
    (1, 2)
    >>> strided(1), strided(1, offset=1), strided(2), strided(4), strided(8), strided(1, itemsize=8)
    (4, 5, 8, 16, 32, 8)
    >>> field_read(16, 4, 4), field_read(4, 0, 4)   # AoS [N, 4] float32 column 1, vs its SoA column
    (16, 4)
    >>> walk((64, 64), 4, "row"), walk((64, 64), 4, "column")
    (4.0, 32.0)

Bad input raises ValueError: a width, itemsize, record or field size below 1; more than 32
addresses; a negative address, or a stride/offset that makes some lane's element index
negative; a field that does not fit in its record; `along` other than "row"/"column"; a
walk over fewer than 32 columns ("row") or rows ("column"), or a shape that is not 2-D.
Arguments of the wrong type raise TypeError naming the function and the parameter: sizes,
strides and offsets are ints ("strided expects stride as an int, got float"), addresses and
shape lists or tuples of ints ("segments expects addresses as a list of ints, got int";
"walk expects shape as a list of ints, got an item of type float"). No addresses is fine:
segments([]) is 0.

Run its tests: pytest exercises/layout/test_segments.py   (or: kata check layout.segments)
"""
from __future__ import annotations

SEGMENT = 32  # bytes
WARP = 32  # lanes


def segments(addresses: list[int], width: int = 4) -> int:
    """Distinct 32-byte segments covered by lanes accessing `width` bytes at each address.

    (about 10 lines)
    """
    # TODO: validate width >= 1, at most 32 addresses, none negative (ValueError)
    # TODO: an access covers bytes a .. a + width - 1: segments a // 32 .. (a + width - 1) // 32
    #       e.g. [28] with width 8: bytes 28..35 -> segments 0 and 1
    # TODO: count the distinct segments over all lanes (a set)
    raise NotImplementedError("segments")


def strided(stride: int, offset: int = 0, itemsize: int = 4) -> int:
    """One full warp; lane k reads element offset + stride * k.

    (about 6 lines)
    """
    # TODO: element of lane k -> byte address (offset + stride * k) * itemsize; reuse segments()
    #       e.g. strided(1, offset=1): bytes 4..131 -> segments 0..4 -> 5
    raise NotImplementedError("strided")


def field_read(record_size: int, field_offset: int, field_size: int) -> int:
    """AoS: lane k reads the field at byte field_offset of record k.

    (about 4 lines)
    """
    # TODO: lane k's field starts at k * record_size + field_offset, field_size bytes wide
    #       e.g. field_read(16, 4, 4): 4, 20, 36, ... -> two lanes per segment -> 16 segments
    raise NotImplementedError("field_read")


def walk(shape: tuple[int, int], itemsize: int, along: str) -> float:
    """Mean segments per warp when warps walk along rows or down columns of a C-order array.

    (about 15 lines)
    """
    # TODO: a[r, c] of a C-order (rows, cols) array sits at byte (r * cols + c) * itemsize
    # TODO: "row": one warp per row r reads a[r, 0..31]; "column": one per column c reads a[0..31, c]
    #       e.g. walk((2, 36), 4, "row"): row 0 -> 4 segments, row 1 starts at byte 144 -> 5; mean 4.5
    # TODO: return the mean over the warps
    raise NotImplementedError("walk")
