"""Predict the transactions: how many 32-byte segments a warp's request touches.

Reference solution. See exercises/layout/segments.py for the statement.
"""
from __future__ import annotations

import numbers

SEGMENT = 32  # bytes
WARP = 32  # lanes


def _check_ints(fn: str, **args: object) -> None:
    for name, x in args.items():
        if isinstance(x, bool) or not isinstance(x, numbers.Integral):
            raise TypeError(f"{fn} expects {name} as an int, got {type(x).__name__}")


def _check_int_sequence(fn: str, name: str, xs: object) -> None:
    if not isinstance(xs, (list, tuple)):
        raise TypeError(f"{fn} expects {name} as a list of ints, got {type(xs).__name__}")
    for x in xs:
        if isinstance(x, bool) or not isinstance(x, numbers.Integral):
            raise TypeError(f"{fn} expects {name} as a list of ints, got an item of type {type(x).__name__}")


def segments(addresses: list[int], width: int = 4) -> int:
    """Distinct 32-byte segments covered by lanes accessing `width` bytes at each address."""
    _check_int_sequence("segments", "addresses", addresses)
    _check_ints("segments", width=width)
    if width < 1:
        raise ValueError(f"width must be at least 1 byte, got {width}")
    if len(addresses) > WARP:
        raise ValueError(f"a warp has {WARP} lanes, got {len(addresses)} addresses")
    touched = set()
    for a in addresses:
        if a < 0:
            raise ValueError(f"addresses are byte offsets >= 0, got {a}")
        # First and last byte of the access: it straddles a boundary when they differ.
        touched.update(range(a // SEGMENT, (a + width - 1) // SEGMENT + 1))
    return len(touched)


def strided(stride: int, offset: int = 0, itemsize: int = 4) -> int:
    """One full warp; lane k reads element offset + stride * k."""
    _check_ints("strided", stride=stride, offset=offset, itemsize=itemsize)
    if itemsize < 1:
        raise ValueError(f"itemsize must be at least 1 byte, got {itemsize}")
    elements = [offset + stride * k for k in range(WARP)]
    if min(elements) < 0:
        raise ValueError(f"stride {stride} and offset {offset} give lane {elements.index(min(elements))} "
                         f"element {min(elements)}")
    return segments([e * itemsize for e in elements], itemsize)


def field_read(record_size: int, field_offset: int, field_size: int) -> int:
    """AoS: lane k reads the field at byte field_offset of record k."""
    _check_ints("field_read", record_size=record_size, field_offset=field_offset, field_size=field_size)
    if record_size < 1 or field_size < 1 or field_offset < 0 or field_offset + field_size > record_size:
        raise ValueError(f"a {field_size}-byte field at offset {field_offset} does not fit a {record_size}-byte record")
    return segments([k * record_size + field_offset for k in range(WARP)], field_size)


def walk(shape: tuple[int, int], itemsize: int, along: str) -> float:
    """Mean segments per warp when warps walk along rows or down columns of a C-order array."""
    _check_int_sequence("walk", "shape", shape)
    _check_ints("walk", itemsize=itemsize)
    if len(shape) != 2:
        raise ValueError(f"walk needs a 2-D shape, got {shape}")
    rows, cols = shape
    if rows < 1 or cols < 1:
        raise ValueError(f"walk needs a non-empty shape, got {shape}")
    if itemsize < 1:
        raise ValueError(f"itemsize must be at least 1 byte, got {itemsize}")
    if along == "row":
        if cols < WARP:
            raise ValueError(f"a row walk needs at least {WARP} columns, got {cols}")
        counts = [segments([(r * cols + k) * itemsize for k in range(WARP)], itemsize) for r in range(rows)]
    elif along == "column":
        if rows < WARP:
            raise ValueError(f"a column walk needs at least {WARP} rows, got {rows}")
        counts = [segments([(k * cols + c) * itemsize for k in range(WARP)], itemsize) for c in range(cols)]
    else:
        raise ValueError(f"along must be 'row' or 'column', got {along!r}")
    return sum(counts) / len(counts)
