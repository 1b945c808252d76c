"""Text vs binary: how many bytes does a number take?

The book's example: 1000000 takes 7 bytes as text but 4 as an int32; the deck's 12341234
takes 8 vs 4. Protobuf (Table 3-1: Google, TensorFlow's TFRecord) goes further with
*varints*: 7 bits a byte, least significant group first, the high bit of each byte set
when more bytes follow. 150 is 1001 0110 in binary -> groups 0010110, 0000001 -> 96 01.
So 1000000 takes 3 bytes and 12341234 takes 4. The catch: a negative int32/int64 is
sign-extended to 64 bits, so it always takes 10 bytes. sint32/sint64 fields avoid that
with ZigZag (0, -1, 1, -2, 2 -> 0, 1, 2, 3, 4) before the varint. A field on the wire is
a varint tag, (field_number << 3) | wire_type (0 for varints), then the value's varint.
Write the codec; the tests compare your bytes with the protobuf package's own.

    >>> sizes(1000000)
    {'text': 7, 'int32': 4, 'int64': 8, 'varint': 3, 'zigzag': 3}
    >>> encode_varint(300).hex(), encode_varint(-1).hex()
    ('ac02', 'ffffffffffffffffff01')
    >>> decode_varint(bytes.fromhex("089601"), 1)
    (150, 3)
    >>> [zigzag_encode(n) for n in (0, -1, 1, -2, 2)], zigzag_decode(3)
    ([0, 1, 2, 3, 4], -2)
    >>> encode_field(1, 150, "int32").hex(), encode_field(2, -1, "sint64").hex()
    ('089601', '1001')

Ranges (ValueError with a message outside them): encode_varint takes -2**63 <= n < 2**64
(a negative n is written as n + 2**64, i.e. 64-bit two's complement); zigzag_encode and
sizes take a signed 64-bit n; zigzag_decode takes 0 <= z < 2**64; encode_field checks the
value against its kind's range and takes field numbers 1 .. 2**29 - 1.
decode_varint raises VarintError (a ValueError, defined below) with a message that says
what is wrong: "truncated" when the data ends while the continuation bit is still set,
"longer than 10 bytes" when the 10th byte still has the continuation bit, "does not fit
in 64 bits" when the 10th byte holds more than the top bit (a value >= 2**64).
Padded encodings that protobuf accepts, such as 80 00 for 0, decode (within 10 bytes).
No byte at pos (b"", or pos == len(data)) is VarintError "truncated ...: no bytes to decode".
Bad input raises TypeError naming the function, the parameter and the type it got:
decode_varint's data must be bytes (or bytearray, memoryview): decode_varint("abc") raises
TypeError("decode_varint expects bytes, got str"); pos, n, z, field_number and value must
be ints ("encode_varint expects an int, got float", "encode_field expects field_number as
an int, got float"), and kind a str ("encode_field expects kind as a str, got int").

Run its tests: pytest exercises/formats/test_text_vs_binary.py   (or: kata check formats.text_vs_binary)
"""
from __future__ import annotations

KINDS = ("int32", "int64", "uint32", "uint64", "sint32", "sint64")


class VarintError(ValueError):
    """Malformed varint bytes: truncated, longer than 10 bytes, or a value >= 2**64."""


def encode_varint(n: int) -> bytes:
    """`n` as a protobuf varint; negatives as 64-bit two's complement (10 bytes).

    (about 10 lines)
    """
    # TODO: check -2**63 <= n < 2**64, else ValueError; a negative n becomes n + 2**64
    #       e.g. -1 -> 2**64 - 1 -> ten bytes ff ff ff ff ff ff ff ff ff 01
    # TODO: loop: take the low 7 bits (n & 0x7F), shift n right by 7, set 0x80 if n is still > 0
    #       e.g. 300 = 0b10_0101100 -> 0x2C | 0x80 = 0xac, then 0b10 = 0x02 -> b"\xac\x02"
    raise NotImplementedError("encode_varint")


def decode_varint(data: bytes, pos: int = 0) -> tuple[int, int]:
    """Read one varint from `data` at `pos`: (unsigned value, position just after it).

    (about 15 lines)
    """
    # TODO: data not bytes/bytearray/memoryview, or pos not an int -> TypeError (see the statement)
    # TODO: 0 <= pos <= len(data), else ValueError; pos == len(data) (e.g. b"") -> VarintError "no bytes to decode"
    # TODO: for the i-th byte (i = 0..9): value |= (byte & 0x7F) << (7 * i); stop when byte < 0x80
    #       e.g. decode_varint(b"\x96\x01") -> 0x16 | (0x01 << 7) = 150 -> (150, 2)
    # TODO: data ends while the continuation bit is set -> VarintError("truncated ...")
    #       e.g. decode_varint(b"\x96") raises VarintError
    # TODO: the 10th byte has the continuation bit -> VarintError("... longer than 10 bytes")
    # TODO: the 10th byte is > 1 (bits beyond 2**63) -> VarintError("... does not fit in 64 bits")
    raise NotImplementedError("decode_varint")


def zigzag_encode(n: int) -> int:
    """Signed 64-bit -> unsigned, small magnitudes first: 0, -1, 1, -2 -> 0, 1, 2, 3."""
    # TODO: check -2**63 <= n < 2**63, else ValueError
    # TODO: (n << 1) ^ (n >> 63): the arithmetic shift gives 0 for n >= 0 and -1 (all ones) for n < 0
    #       e.g. -2 -> (-4) ^ (-1) = 3
    raise NotImplementedError("zigzag_encode")


def zigzag_decode(z: int) -> int:
    """Invert zigzag_encode: 0, 1, 2, 3 -> 0, -1, 1, -2."""
    # TODO: check 0 <= z < 2**64, else ValueError; then (z >> 1) ^ -(z & 1)   e.g. 3 -> 1 ^ -1 = -2
    raise NotImplementedError("zigzag_decode")


def sizes(n: int) -> dict[str, int | None]:
    """Bytes `n` takes as text, int32 (None if it does not fit), int64, varint and zigzag varint.

    (about 8 lines)
    """
    # TODO: signed 64-bit n only, else ValueError
    # TODO: "text": ASCII digits with a '-' for negatives, e.g. -5 -> 2
    # TODO: "int32": 4 if -2**31 <= n < 2**31 else None; "int64": 8
    # TODO: "varint": len(encode_varint(n)), "zigzag": len(encode_varint(zigzag_encode(n)))
    #       e.g. sizes(-1) -> {'text': 2, 'int32': 4, 'int64': 8, 'varint': 10, 'zigzag': 1}
    raise NotImplementedError("sizes")


def encode_field(field_number: int, value: int, kind: str) -> bytes:
    """One protobuf field of `kind` (one of KINDS): tag varint + value varint.

    (about 15 lines)
    """
    # TODO: kind in KINDS, else ValueError; 1 <= field_number < 2**29, else ValueError
    # TODO: value in range for the kind, else ValueError naming the kind:
    #       int32/sint32 [-2**31, 2**31), uint32 [0, 2**32), int64/sint64 [-2**63, 2**63), uint64 [0, 2**64)
    # TODO: tag = (field_number << 3) | 0; sint kinds zigzag the value first
    #       e.g. encode_field(1, -1, "int32") -> 08 ff ff ff ff ff ff ff ff ff 01 (11 bytes)
    #            encode_field(1, -1, "sint32") -> 08 01
    raise NotImplementedError("encode_field")
