"""Hidden tests for formats.huffman: optimality, other alphabets, edge cases, bit packing."""
import heapq
import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata

huffman = kata("formats.huffman")


def optimal_cost(freqs):
    """Independent oracle: an optimal code's total bits = the sum of all merge weights."""
    if len(freqs) <= 1:
        return sum(freqs.values())  # one symbol still costs one bit per occurrence
    heap = list(freqs.values())
    heapq.heapify(heap)
    cost = 0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        cost += merged
        heapq.heappush(heap, merged)
    return cost


def check_prefix_free(code):
    words = sorted(code.values())
    for a, b in zip(words, words[1:]):  # in sorted order a prefix sits right before its extensions
        assert not b.startswith(a), f"code is not prefix-free: {a!r} is a prefix of {b!r}"
    assert len(set(words)) == len(words), "two symbols share a codeword"


frequencies = st.dictionaries(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), st.integers(1, 10_000), min_size=1, max_size=40
)


@given(frequencies)
def test_cost_is_optimal_and_code_is_prefix_free(freqs):
    code = huffman.build_code(freqs)
    assert set(code) == set(freqs), f"build_code returned codes for {sorted(code)}, expected {sorted(freqs)}"
    check_prefix_free(code)
    assert all(w and set(w) <= {"0", "1"} for w in code.values()), f"codewords must be non-empty bit strings: {code}"
    cost = sum(freqs[s] * len(w) for s, w in code.items())
    assert cost == optimal_cost(freqs), f"total cost {cost} bits, an optimal code costs {optimal_cost(freqs)}"


@given(frequencies.filter(lambda f: len(f) >= 2))
def test_optimal_code_is_complete_kraft_sum_is_one(freqs):
    code = huffman.build_code(freqs)
    kraft = sum(2.0 ** -len(w) for w in code.values())
    assert math.isclose(kraft, 1.0), f"Kraft sum {kraft}: an optimal code fills the whole binary tree"


def test_skewed_powers_of_two_give_lengths_1_to_n():
    freqs = {chr(97 + i): 2 ** (10 - i) for i in range(10)}
    freqs["k"] = 1
    lengths = sorted(len(w) for w in huffman.build_code(freqs).values())
    assert lengths == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10], f"lengths {lengths} for geometric frequencies"


def test_uniform_eight_symbols_take_three_bits_each():
    code = huffman.build_code({c: 5 for c in "abcdefgh"})
    assert {len(w) for w in code.values()} == {3}, f"8 equal frequencies should all get 3 bits, got {code}"


def test_two_symbols_take_one_bit_each():
    code = huffman.build_code({"x": 1, "y": 1000})
    assert sorted(code.values()) == ["0", "1"], f"build_code of two symbols returned {code}"


def test_single_symbol_text_round_trips_through_bytes():
    code = huffman.build_code({"q": 9})
    bits = huffman.encode("q" * 9, code)
    assert bits == "0" * 9, f"encode('q' * 9) gave {bits!r}, expected nine one-bit codes"
    data = huffman.pack(bits)
    assert data == b"\x00\x00", f"pack({bits!r}) gave {data!r}"
    assert huffman.decode(huffman.unpack(data, 9), code) == "q" * 9


def test_empty_text_encodes_to_nothing():
    code = huffman.build_code({"a": 1, "b": 2})
    assert huffman.encode("", code) == ""
    assert huffman.decode("", code) == ""
    assert huffman.pack("") == b"" and huffman.unpack(b"", 0) == ""


def test_pack_vectors():
    assert huffman.pack("10000001") == b"\x81"
    assert huffman.pack("1111111101") == b"\xff\x40"
    assert huffman.pack("0" * 7 + "1") == b"\x01"


@given(st.text(min_size=1, max_size=300))
def test_unicode_round_trip_through_packed_bytes(text):
    code = huffman.build_code(dict(Counter(text)))
    bits = huffman.encode(text, code)
    assert len(bits) == optimal_cost(Counter(text)), "encoded length is not the optimal cost"
    data = huffman.pack(bits)
    assert len(data) == math.ceil(len(bits) / 8), f"{len(bits)} bits packed into {len(data)} bytes"
    assert huffman.decode(huffman.unpack(data, len(bits)), code) == text


def test_larger_text_compresses_below_fixed_width():
    text = ("the quick brown fox jumps over the lazy dog " * 40) + "zzzz"
    code = huffman.build_code(dict(Counter(text)))
    bits = huffman.encode(text, code)
    fixed = len(text) * math.ceil(math.log2(len(set(text))))
    assert len(bits) < fixed, f"{len(bits)} bits is not below the {fixed}-bit fixed-width code"


@pytest.mark.parametrize(
    "call",
    [
        lambda: huffman.build_code({"a": 1.5, "b": 1}),
        lambda: huffman.build_code({"a": True, "b": 1}),
        lambda: huffman.build_code({"x": 3, "y": 0, "z": 1}),
        lambda: huffman.build_code({"q": -1}),
        lambda: huffman.encode("ba", {"a": "0"}),
        lambda: huffman.encode("a", {}),
        lambda: huffman.decode("1", {"a": "0"}),
        lambda: huffman.decode("00", {"a": "0", "b": "0"}),
        lambda: huffman.pack("10x"),
        lambda: huffman.unpack(b"\x00", 9),
        lambda: huffman.unpack(b"", -1),
    ],
    ids=["float-frequency", "bool-frequency", "zero-frequency-among-others", "negative-lone-frequency",
         "symbol-without-code", "empty-code", "no-such-codeword", "duplicate-codewords", "pack-not-bits",
         "too-few-bytes", "negative-bits"],
)
def test_more_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


CODE = {"a": "0", "b": "10", "c": "11"}


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("build_code", (["a", "b"],), "build_code expects a dict of symbol -> frequency, got list"),
        ("build_code", ("aab",), "build_code expects a dict of symbol -> frequency, got str"),
        ("build_code", (None,), "build_code expects a dict of symbol -> frequency, got NoneType"),
        ("encode", (b"abc", CODE), "encode expects text as a str, got bytes"),
        ("encode", ("abc", [("a", "0")]), "encode expects code as a dict of symbol -> bit string, got list"),
        ("decode", (b"0101", CODE), "decode expects bits as a str of '0' and '1', got bytes"),
        ("decode", (["0", "1", "0"], CODE), "decode expects bits as a str of '0' and '1', got list"),
        ("decode", ("010", None), "decode expects code as a dict of symbol -> bit string, got NoneType"),
        ("pack", (b"0101",), "pack expects bits as a str of '0' and '1', got bytes"),
        ("pack", (101,), "pack expects bits as a str of '0' and '1', got int"),
        ("unpack", ("\x80", 1), "unpack expects bytes, got str"),
        ("unpack", ([128], 1), "unpack expects bytes, got list"),
        ("unpack", (b"\x80", 1.0), "unpack expects n_bits as an int, got float"),
        ("unpack", (b"\x80", "1"), "unpack expects n_bits as an int, got str"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(name, args, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        getattr(huffman, name)(*args)


def test_unpack_takes_a_bytearray():
    assert huffman.unpack(bytearray(b"\x80"), 1) == "1"
