"""Text vs binary: text, fixed-width ints, protobuf varints and ZigZag.

Reference solution. See exercises/formats/text_vs_binary.py for the statement.
Written by hand on purpose: the varint is the kata (the tests use the protobuf package
as the oracle).
"""
from __future__ import annotations

KINDS = ("int32", "int64", "uint32", "uint64", "sint32", "sint64")

_U64 = 1 << 64
_I64_MIN, _I64_END = -(1 << 63), 1 << 63
# Value ranges per field kind, [low, high).
_RANGES = {
    "int32": (-(1 << 31), 1 << 31),
    "sint32": (-(1 << 31), 1 << 31),
    "uint32": (0, 1 << 32),
    "int64": (_I64_MIN, _I64_END),
    "sint64": (_I64_MIN, _I64_END),
    "uint64": (0, _U64),
}
_MAX_FIELD = (1 << 29) - 1  # field numbers have 29 bits: the tag's low 3 bits are the wire type
_MAX_VARINT_BYTES = 10  # ceil(64 / 7)


class VarintError(ValueError):
    """Malformed varint bytes: truncated, longer than 10 bytes, or a value >= 2**64."""


def _check_int(x: object, what: str, name: str = "") -> None:
    # bool is an int in Python, as everywhere else in the standard library.
    if not isinstance(x, int):
        arg = f"{name} as an int" if name else "an int"
        raise TypeError(f"{what} expects {arg}, got {type(x).__name__}")


def _check_signed64(n: int, what: str) -> None:
    _check_int(n, what)
    if not _I64_MIN <= n < _I64_END:
        raise ValueError(f"{what}({n}): n must be a signed 64-bit integer in [-2**63, 2**63)")


def encode_varint(n: int) -> bytes:
    """`n` as a protobuf varint; negatives as 64-bit two's complement (10 bytes)."""
    _check_int(n, "encode_varint")
    if not _I64_MIN <= n < _U64:
        raise ValueError(f"encode_varint({n}): out of range [-2**63, 2**64)")
    if n < 0:
        # int32 and int64 negatives are sign-extended to 64 bits on the wire, so any
        # negative number sets the top bit and needs all ten 7-bit groups.
        n += _U64
    out = bytearray()
    while True:
        group, n = n & 0x7F, n >> 7
        if n:
            out.append(group | 0x80)  # continuation bit: more groups follow
        else:
            out.append(group)
            return bytes(out)


def decode_varint(data: bytes, pos: int = 0) -> tuple[int, int]:
    """Read one varint from `data` at `pos`: (unsigned value, position just after it)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_varint expects bytes, got {type(data).__name__}")
    _check_int(pos, "decode_varint", "pos")
    if not 0 <= pos <= len(data):
        raise ValueError(f"decode_varint: pos {pos} is outside data of {len(data)} bytes")
    if pos == len(data):
        raise VarintError(f"truncated varint at byte {pos}: no bytes to decode")
    value = 0
    for i in range(_MAX_VARINT_BYTES):
        if pos + i >= len(data):
            raise VarintError(
                f"truncated varint at byte {pos}: data ends after {i} byte(s) with the continuation bit set"
            )
        byte = data[pos + i]
        if i == _MAX_VARINT_BYTES - 1:
            # The 10th group sits at bit 63: only its lowest bit can be part of a 64-bit value.
            if byte & 0x80:
                raise VarintError(f"varint at byte {pos} is longer than 10 bytes")
            if byte > 1:
                raise VarintError(f"varint at byte {pos} does not fit in 64 bits")
        value |= (byte & 0x7F) << (7 * i)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable: the 10th byte always returns or raises")


def zigzag_encode(n: int) -> int:
    """Signed 64-bit -> unsigned, small magnitudes first: 0, -1, 1, -2 -> 0, 1, 2, 3."""
    _check_signed64(n, "zigzag_encode")
    # n >> 63 is an arithmetic shift: 0 for n >= 0, -1 (all ones) for n < 0, so negatives
    # get their bits flipped and land on the odd numbers.
    return (n << 1) ^ (n >> 63)


def zigzag_decode(z: int) -> int:
    """Invert zigzag_encode: 0, 1, 2, 3 -> 0, -1, 1, -2."""
    _check_int(z, "zigzag_decode")
    if not 0 <= z < _U64:
        raise ValueError(f"zigzag_decode({z}): out of range [0, 2**64)")
    return (z >> 1) ^ -(z & 1)


def sizes(n: int) -> dict[str, int | None]:
    """Bytes `n` takes as text, int32 (None if it does not fit), int64, varint and zigzag varint."""
    _check_signed64(n, "sizes")
    low, high = _RANGES["int32"]
    return {
        "text": len(str(n)),  # ASCII: one byte per digit, plus '-'
        "int32": 4 if low <= n < high else None,
        "int64": 8,
        "varint": len(encode_varint(n)),
        "zigzag": len(encode_varint(zigzag_encode(n))),
    }


def encode_field(field_number: int, value: int, kind: str) -> bytes:
    """One protobuf field of `kind` (one of KINDS): tag varint + value varint."""
    if not isinstance(kind, str):
        raise TypeError(f"encode_field expects kind as a str, got {type(kind).__name__}")
    _check_int(field_number, "encode_field", "field_number")
    _check_int(value, "encode_field", "value")
    if kind not in _RANGES:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    if not 1 <= field_number <= _MAX_FIELD:
        raise ValueError(f"field number {field_number} is outside 1 .. 2**29 - 1")
    low, high = _RANGES[kind]
    if not low <= value < high:
        raise ValueError(f"value {value} is out of range for {kind} [{low}, {high})")
    tag = encode_varint(field_number << 3 | 0)  # wire type 0: varint
    if kind.startswith("sint"):
        value = zigzag_encode(value)
    return tag + encode_varint(value)
