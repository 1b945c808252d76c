"""Visible tests for formats.text_vs_binary. Run: pytest exercises/formats/test_text_vs_binary.py"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import text_vs_binary as pb

tvb = kata("formats.text_vs_binary")

I64 = st.integers(-(2**63), 2**63 - 1)


# The book's 1000000 and the deck's 12341234.
@pytest.mark.parametrize(
    "n, expected",
    [
        (1000000, {"text": 7, "int32": 4, "int64": 8, "varint": 3, "zigzag": 3}),
        (12341234, {"text": 8, "int32": 4, "int64": 8, "varint": 4, "zigzag": 4}),
    ],
    ids=["book-1000000", "deck-12341234"],
)
def test_book_and_deck_numbers(n, expected):
    got = tvb.sizes(n)
    assert got == expected, f"sizes({n}) returned {got}, expected {expected}"


def test_negative_one_is_cheap_as_text_and_zigzag_but_ten_bytes_as_varint():
    expected = {"text": 2, "int32": 4, "int64": 8, "varint": 10, "zigzag": 1}
    got = tvb.sizes(-1)
    assert got == expected, f"sizes(-1) returned {got}, expected {expected}"


def test_int32_is_none_when_the_number_does_not_fit():
    got = tvb.sizes(2**31)
    assert got["int32"] is None and got["varint"] == 5, (
        f"sizes(2**31) returned {got}, expected int32 None (does not fit) and varint 5"
    )


# The Protobuf encoding spec's vectors.
@pytest.mark.parametrize(
    "n, hex_",
    [(0, "00"), (1, "01"), (127, "7f"), (128, "8001"), (150, "9601"), (300, "ac02"),
     (2**64 - 1, "ffffffffffffffffff01"), (-1, "ffffffffffffffffff01"), (-2, "feffffffffffffffff01")],
)
def test_encode_varint_spec_vectors(n, hex_):
    got = tvb.encode_varint(n).hex()
    assert got == hex_, f"encode_varint({n}) returned {got}, expected {hex_}"


@pytest.mark.parametrize("hex_, n", [("01", 1), ("9601", 150), ("ac02", 300), ("8000", 0)])
def test_decode_varint_spec_vectors(hex_, n):
    data = bytes.fromhex(hex_)
    got = tvb.decode_varint(data)
    assert got == (n, len(data)), f"decode_varint(bytes.fromhex({hex_!r})) returned {got}, expected {(n, len(data))}"


def test_decode_varint_starts_at_pos():
    got = tvb.decode_varint(bytes.fromhex("089601ff"), 1)
    assert got == (150, 3), f"decode_varint(08 96 01 ff, pos=1) returned {got}, expected (150, 3)"


def test_zigzag_table():
    got = [tvb.zigzag_encode(n) for n in (0, -1, 1, -2, 2, 2**63 - 1, -(2**63))]
    expected = [0, 1, 2, 3, 4, 2**64 - 2, 2**64 - 1]
    assert got == expected, f"zigzag_encode of 0, -1, 1, -2, 2, 2**63-1, -2**63 returned {got}, expected {expected}"
    back = [tvb.zigzag_decode(z) for z in expected]
    assert back == [0, -1, 1, -2, 2, 2**63 - 1, -(2**63)], f"zigzag_decode of {expected} returned {back}"


@pytest.mark.parametrize(
    "kind, value",
    [("int32", 150), ("int32", -1), ("int64", -(2**63)), ("uint32", 2**32 - 1),
     ("uint64", 2**64 - 1), ("sint32", -1), ("sint64", -(2**63)), ("int32", 0)],
)
def test_encode_field_matches_protobuf(kind, value):
    number = pb.KINDS.index(kind) + 1
    expected = pb.serialize(pb.NUMBERS, {number: value})
    got = tvb.encode_field(number, value, kind)
    assert got == expected, (
        f"encode_field({number}, {value}, {kind!r}) returned {got.hex()}, protobuf wrote {expected.hex()}"
    )


@given(st.integers(0, 2**64 - 1))
def test_varint_round_trip(n):
    data = tvb.encode_varint(n)
    assert tvb.decode_varint(data) == (n, len(data)), f"decode_varint(encode_varint({n})) != ({n}, {len(data)})"


@given(I64)
def test_sint64_field_matches_protobuf_and_zigzag_round_trips(n):
    expected = pb.serialize(pb.NUMBERS, {6: n})
    got = tvb.encode_field(6, n, "sint64")
    assert got == expected, f"encode_field(6, {n}, 'sint64') returned {got.hex()}, protobuf wrote {expected.hex()}"
    assert tvb.zigzag_decode(tvb.zigzag_encode(n)) == n, f"zigzag_decode(zigzag_encode({n})) != {n}"


@pytest.mark.parametrize(
    "hex_, message",
    [("", "truncated varint at byte 0: no bytes to decode"), ("96", "truncated"), ("ffffff", "truncated"),
     ("ffffffffffffffffffff01", "longer than 10 bytes"), ("ffffffffffffffffff02", "does not fit in 64 bits")],
    ids=["empty", "150-missing-last-byte", "three-continuations", "eleven-bytes", "beyond-64-bits"],
)
def test_malformed_varint_raises_varint_error(hex_, message):
    with pytest.raises(tvb.VarintError, match=message):
        tvb.decode_varint(bytes.fromhex(hex_))


@pytest.mark.parametrize("data, got", [("abc", "str"), ([1, 2], "list"), (None, "NoneType")],
                         ids=["str", "list", "None"])
def test_decode_varint_of_a_non_bytes_raises_type_error(data, got):
    with pytest.raises(TypeError, match=f"decode_varint expects bytes, got {got}"):
        tvb.decode_varint(data)


def test_varint_error_is_a_value_error():
    assert issubclass(tvb.VarintError, ValueError), "VarintError must subclass ValueError"
    with pytest.raises(ValueError):
        tvb.decode_varint(b"\x80")


@pytest.mark.parametrize(
    "call",
    [
        lambda: tvb.encode_varint(2**64),
        lambda: tvb.encode_varint(-(2**63) - 1),
        lambda: tvb.zigzag_encode(2**63),
        lambda: tvb.zigzag_decode(-1),
        lambda: tvb.sizes(2**63),
        lambda: tvb.encode_field(1, 2**31, "int32"),
        lambda: tvb.encode_field(1, -1, "uint64"),
        lambda: tvb.encode_field(0, 1, "int32"),
        lambda: tvb.encode_field(1, 1, "float"),
    ],
    ids=["varint-2**64", "varint-below-int64", "zigzag-2**63", "unzigzag-negative", "sizes-2**63",
         "int32-overflow", "uint64-negative", "field-number-0", "unknown-kind"],
)
def test_out_of_range_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
