"""Hidden tests for formats.text_vs_binary: every kind against protobuf, both directions, edges, errors."""
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import text_vs_binary as pb

tvb = kata("formats.text_vs_binary")

RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "sint32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "sint64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}


def values_of(kind):
    low, high = RANGES[kind]
    # Plain integers, plus the boundaries and values around the 7-bit group edges.
    edges = [low, high, 0, 1, -1, 2**31 - 1, -(2**31), 2**31, 2**32 - 1, 2**35, 2**56 - 1, 2**56, 2**63 - 1]
    edges = [e for e in edges if low <= e <= high]
    return st.one_of(st.integers(low, high), st.sampled_from(edges))


def oracle_varint_length(n):
    """Independent count: 7-bit groups of the 64-bit two's complement value."""
    u = n % 2**64
    return max(1, -(-u.bit_length() // 7))


@pytest.mark.parametrize("kind", pb.KINDS)
@given(data=st.data())
def test_each_kind_matches_protobuf_both_ways(kind, data):
    value = data.draw(values_of(kind), label="value")
    number = pb.KINDS.index(kind) + 1
    expected = pb.serialize(pb.NUMBERS, {number: value})
    got = tvb.encode_field(number, value, kind)
    assert got == expected, f"encode_field({number}, {value}, {kind!r}) returned {got.hex()}, protobuf wrote {expected.hex()}"
    assert pb.parse(pb.NUMBERS, got) == {number: value}, f"protobuf could not read back encode_field(...) = {got.hex()}"
    # And decode protobuf's own bytes with decode_varint.
    tag, pos = tvb.decode_varint(expected)
    assert (tag, pos) == (number << 3, 1), f"decode_varint({expected.hex()}) returned {(tag, pos)} for the tag"
    raw, end = tvb.decode_varint(expected, pos)
    assert end == len(expected), f"decode_varint({expected.hex()}, 1) ended at {end}, expected {len(expected)}"
    if kind.startswith("sint"):
        assert tvb.zigzag_decode(raw) == value, f"zigzag_decode({raw}) returned {tvb.zigzag_decode(raw)}, expected {value}"
    else:
        assert raw == value % 2**64, f"decode_varint read {raw}, expected {value % 2**64} (64-bit two's complement)"


@given(
    st.fixed_dictionaries(
        {},
        optional={i + 1: values_of(kind) for i, kind in enumerate(pb.KINDS)},
    )
)
def test_whole_message_is_the_concatenation_of_fields(values):
    expected = pb.serialize(pb.NUMBERS, values)
    got = b"".join(tvb.encode_field(n, values[n], pb.KINDS[n - 1]) for n in sorted(values))
    assert got == expected, f"fields {values}: your bytes {got.hex()}, protobuf wrote {expected.hex()}"


BIG_FIELDS = ((15, "int64"), (16, "sint32"), (2047, "uint64"), (2048, "int32"), (2**29 - 1, "sint64"))


@pytest.mark.parametrize("number, kind", BIG_FIELDS)
def test_multi_byte_tags_match_protobuf(number, kind):
    value = -7 if kind[0] in "is" else 7
    expected = pb.serialize(BIG_FIELDS, {number: value})
    got = tvb.encode_field(number, value, kind)
    assert got == expected, f"encode_field({number}, {value}, {kind!r}) returned {got.hex()}, protobuf wrote {expected.hex()}"


@given(st.integers(-(2**63), 2**63 - 1))
@example(-(2**31))
@example(2**31 - 1)
@example(2**31)
@example(-(2**31) - 1)
def test_sizes_against_protobuf_byte_size(n):
    got = tvb.sizes(n)
    msg_int64 = pb.message_class(pb.NUMBERS)(f2=n)
    msg_sint64 = pb.message_class(pb.NUMBERS)(f6=n)
    expected = {
        "text": len(str(n).encode("ascii")),
        "int32": 4 if -(2**31) <= n < 2**31 else None,
        "int64": 8,
        "varint": msg_int64.ByteSize() - 1,  # minus the one-byte tag
        "zigzag": msg_sint64.ByteSize() - 1,
    }
    assert got == expected, f"sizes({n}) returned {got}, expected {expected}"


@pytest.mark.parametrize(
    "n, expected",
    [(0, 1), (127, 1), (128, 2), (2**14 - 1, 2), (2**14, 3), (2**21 - 1, 3), (2**21, 4),
     (2**28, 5), (2**35, 6), (2**42, 7), (2**49, 8), (2**56, 9), (2**63, 10), (2**64 - 1, 10),
     (-1, 10), (-(2**31), 10), (-(2**63), 10)],
)
def test_varint_lengths_at_group_edges(n, expected):
    got = tvb.encode_varint(n)
    assert len(got) == expected == oracle_varint_length(n), f"encode_varint({n}) is {got.hex()} ({len(got)} bytes), expected {expected}"
    assert tvb.decode_varint(got) == (n % 2**64, expected), f"decode_varint({got.hex()}) returned {tvb.decode_varint(got)}"


@pytest.mark.parametrize("n", [-(2**31), -(2**31) + 1, -1000, -150])
def test_negative_int32_is_sign_extended_to_ten_bytes(n):
    expected = pb.serialize(pb.NUMBERS, {1: n})
    got = tvb.encode_field(1, n, "int32")
    assert len(got) == 11 and got == expected, (
        f"encode_field(1, {n}, 'int32') returned {got.hex()}, protobuf wrote {expected.hex()} (tag + 10 bytes)"
    )


@given(st.lists(st.integers(0, 2**64 - 1), max_size=20))
def test_decode_a_stream_of_varints(values):
    data = b"".join(tvb.encode_varint(v) for v in values)
    pos, got = 0, []
    while pos < len(data):
        v, pos = tvb.decode_varint(data, pos)
        got.append(v)
    assert got == values, f"decoding the concatenation of {values} gave {got}"


@given(st.integers(2**7, 2**64 - 1), st.data())
def test_every_proper_prefix_is_truncated(n, data):
    whole = tvb.encode_varint(n)
    cut = data.draw(st.integers(0, len(whole) - 1), label="cut")
    with pytest.raises(tvb.VarintError, match="truncated"):
        tvb.decode_varint(whole[:cut])
    with pytest.raises(tvb.VarintError, match="truncated"):
        tvb.decode_varint(b"\x00" + whole[:cut], 1)


@pytest.mark.parametrize(
    "hex_, message",
    [
        ("80808080808080808080", "longer than 10 bytes"),
        ("8080808080808080808001", "longer than 10 bytes"),
        ("ffffffffffffffffff8100", "longer than 10 bytes"),
        ("ffffffffffffffffff7f", "does not fit in 64 bits"),
        ("80808080808080808002", "does not fit in 64 bits"),
        ("ffffffffffffffffff", "truncated"),
        ("88", "truncated"),
    ],
)
def test_malformed_inputs_at_pos(hex_, message):
    data = bytes.fromhex("08" + hex_)
    with pytest.raises(tvb.VarintError, match=message):
        tvb.decode_varint(data, 1)


def test_pos_at_the_end_is_truncated_and_beyond_is_a_value_error():
    with pytest.raises(tvb.VarintError, match="truncated"):
        tvb.decode_varint(b"\x01", 1)
    with pytest.raises(ValueError):
        tvb.decode_varint(b"\x01", 5)


@pytest.mark.parametrize("hex_, n", [("80808080808080808000", 0), ("8100", 1), ("ffffffffffffffffff01", 2**64 - 1)])
def test_padded_encodings_within_ten_bytes_decode(hex_, n):
    data = bytes.fromhex(hex_)
    got = tvb.decode_varint(data)
    assert got == (n, len(data)), f"decode_varint({hex_}) returned {got}, expected {(n, len(data))}"
    assert pb.parse(pb.NUMBERS, bytes.fromhex("20") + data) == {4: n}, "protobuf reads the same padded bytes"


@given(st.integers(0, 2**64 - 1))
def test_zigzag_decode_inverts_encode_on_all_unsigned(z):
    n = tvb.zigzag_decode(z)
    assert -(2**63) <= n < 2**63 and tvb.zigzag_encode(n) == z, f"zigzag_encode(zigzag_decode({z})) != {z}"
    assert abs(n) <= z // 2 + 1, f"zigzag_decode({z}) = {n}: zigzag maps small z to small |n|"


@pytest.mark.parametrize(
    "kind, value",
    [("int32", 2**31), ("int32", -(2**31) - 1), ("sint32", 2**31), ("sint32", -(2**31) - 1), ("uint32", 2**32),
     ("uint32", -1), ("int64", 2**63), ("int64", -(2**63) - 1), ("sint64", 2**63), ("sint64", -(2**63) - 1),
     ("uint64", 2**64), ("uint64", -1)],
)
def test_encode_field_range_per_kind(kind, value):
    with pytest.raises(ValueError, match=kind):
        tvb.encode_field(1, value, kind)


@pytest.mark.parametrize("number", [0, -1, 2**29])
def test_encode_field_number_range(number):
    with pytest.raises(ValueError):
        tvb.encode_field(number, 1, "int32")


@pytest.mark.parametrize("n", [2**63, 2**64, -(2**63) - 1])
def test_sizes_and_zigzag_take_signed_64_bit_only(n):
    with pytest.raises(ValueError):
        tvb.sizes(n)
    with pytest.raises(ValueError):
        tvb.zigzag_encode(n)


@pytest.mark.parametrize("n", [2**64, 2**64 + 1, 2**70, -(2**63) - 1, -(2**64)])
def test_encode_varint_range_is_minus_2_63_to_2_64(n):
    with pytest.raises(ValueError):
        tvb.encode_varint(n)


@pytest.mark.parametrize("z", [-1, 2**64])
def test_zigzag_decode_range(z):
    with pytest.raises(ValueError):
        tvb.zigzag_decode(z)


@pytest.mark.parametrize("data, pos", [(b"", 0), (b"\x96\x01", 2), (bytes.fromhex("08ac02"), 3)])
def test_no_byte_at_pos_is_no_bytes_to_decode(data, pos):
    with pytest.raises(tvb.VarintError, match=f"truncated varint at byte {pos}: no bytes to decode"):
        tvb.decode_varint(data, pos)


@pytest.mark.parametrize(
    "data, got", [("abc", "str"), ("", "str"), ([150, 1], "list"), (None, "NoneType"), (150, "int")]
)
def test_decode_varint_data_must_be_bytes(data, got):
    with pytest.raises(TypeError, match=f"^decode_varint expects bytes, got {got}"):
        tvb.decode_varint(data)


def test_decode_varint_pos_must_be_an_int():
    assert tvb.decode_varint(bytes.fromhex("089601"), 1) == (150, 3)
    with pytest.raises(TypeError, match="^decode_varint expects pos as an int, got float"):
        tvb.decode_varint(bytes.fromhex("089601"), 1.0)
    with pytest.raises(TypeError, match="^decode_varint expects pos as an int, got str"):
        tvb.decode_varint(bytes.fromhex("089601"), "1")


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("encode_varint", (1.5,), "encode_varint expects an int, got float"),
        ("encode_varint", ("300",), "encode_varint expects an int, got str"),
        ("encode_varint", (None,), "encode_varint expects an int, got NoneType"),
        ("zigzag_encode", (2.0,), "zigzag_encode expects an int, got float"),
        ("zigzag_decode", ("3",), "zigzag_decode expects an int, got str"),
        ("sizes", (1e6,), "sizes expects an int, got float"),
        ("encode_field", (1.0, 150, "int32"), "encode_field expects field_number as an int, got float"),
        ("encode_field", (1, 1.5, "int32"), "encode_field expects value as an int, got float"),
        ("encode_field", (1, "150", "uint64"), "encode_field expects value as an int, got str"),
        ("encode_field", (1, 150, 3), "encode_field expects kind as a str, got int"),
        ("encode_field", (1, 150, None), "encode_field expects kind as a str, got NoneType"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(tvb, name)(*args)


def test_decode_varint_takes_a_bytearray():
    assert tvb.decode_varint(bytearray(bytes.fromhex("089601")), 1) == (150, 3)
