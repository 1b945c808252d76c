"""Visible tests for formats.huffman. Run: pytest exercises/formats/test_huffman.py"""
import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata

huffman = kata("formats.huffman")

# The deck's slide: "this is an example of a huffman tree", character: (frequency, code).
DECK_TEXT = "this is an example of a huffman tree"
DECK_TABLE = {
    " ": (7, "111"), "a": (4, "010"), "e": (4, "000"), "f": (3, "1101"),
    "h": (2, "1010"), "i": (2, "1000"), "m": (2, "0111"), "n": (2, "0010"),
    "s": (2, "1011"), "t": (2, "0110"), "l": (1, "11001"), "o": (1, "00110"),
    "p": (1, "10011"), "r": (1, "11000"), "u": (1, "00111"), "x": (1, "10010"),
}
DECK_FREQS = {s: f for s, (f, _) in DECK_TABLE.items()}


def test_deck_code_lengths_match_the_slide():
    code = huffman.build_code(DECK_FREQS)
    got = {s: len(code.get(s, "")) for s in DECK_FREQS}
    expected = {s: len(c) for s, (_, c) in DECK_TABLE.items()}
    # Codes may differ from the slide. Optimal lengths need not be unique in general (1, 1, 2, 2
    # has two sets), but for the deck's frequencies every Huffman tie-break gives the slide's.
    got_by_freq = sorted((DECK_FREQS[s], n) for s, n in got.items())
    expected_by_freq = sorted((DECK_FREQS[s], n) for s, n in expected.items())
    assert got_by_freq == expected_by_freq, (
        f"build_code(deck frequencies) gave lengths {got}, expected lengths like the slide's {expected}"
    )


def test_deck_sentence_takes_135_bits_and_round_trips():
    code = huffman.build_code(dict(Counter(DECK_TEXT)))
    bits = huffman.encode(DECK_TEXT, code)
    assert len(bits) == 135, f"encode(deck sentence) gave {len(bits)} bits, expected 135 as on the slide"
    back = huffman.decode(bits, code)
    assert back == DECK_TEXT, f"decode(encode(text)) returned {back!r}, expected {DECK_TEXT!r}"


def test_deck_code_is_prefix_free():
    code = huffman.build_code(DECK_FREQS)
    words = list(code.values())
    clashes = [(a, b) for a in words for b in words if a != b and b.startswith(a)]
    assert not clashes, f"build_code(deck) is not prefix-free: {clashes[:3]} (one codeword starts another)"


def test_small_example_from_the_statement():
    code = huffman.build_code({"a": 4, "b": 1, "c": 1})
    assert sorted(len(w) for w in code.values()) == [1, 2, 2], f"build_code({{a:4, b:1, c:1}}) returned {code}"
    assert len(code["a"]) == 1, f"the most frequent symbol 'a' should get the 1-bit code, got {code}"


def test_one_symbol_gets_one_bit_and_empty_gets_nothing():
    assert huffman.build_code({"z": 5}) == {"z": "0"}, "build_code({'z': 5}) should be {'z': '0'}"
    assert huffman.build_code({}) == {}, "build_code({}) should be {}"
    assert huffman.decode(huffman.encode("zzz", {"z": "0"}), {"z": "0"}) == "zzz"


def test_pack_is_msb_first_and_unpack_inverts_it():
    assert huffman.pack("1") == b"\x80", f"pack('1') returned {huffman.pack('1')!r}, expected b'\\x80'"
    assert huffman.pack("000000011") == b"\x01\x80", f"pack('000000011') returned {huffman.pack('000000011')!r}"
    assert huffman.pack("") == b"", "pack('') should be b''"
    assert huffman.unpack(b"\x01\x80", 9) == "000000011"


@pytest.mark.parametrize(
    "call",
    [
        lambda: huffman.build_code({"a": 0}),
        lambda: huffman.build_code({"a": -2, "b": 1}),
        lambda: huffman.encode("abz", {"a": "0", "b": "1"}),
        lambda: huffman.decode("012", {"a": "0", "b": "1"}),
        lambda: huffman.decode("1", {"a": "1", "b": "10"}),
        lambda: huffman.decode("0111", {"a": "0", "b": "11"}),
        lambda: huffman.unpack(b"\x00\x00", 3),
    ],
    ids=["zero-frequency", "negative-frequency", "symbol-without-code", "not-bits",
         "not-prefix-free", "trailing-bits", "too-many-bytes"],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


@given(st.text(alphabet="abcdefgh ", min_size=1, max_size=200))
def test_round_trip_and_within_one_bit_of_entropy(text):
    freqs = dict(Counter(text))
    code = huffman.build_code(freqs)
    bits = huffman.encode(text, code)
    assert huffman.decode(bits, code) == text, f"decode(encode({text!r})) did not give the text back"
    assert huffman.unpack(huffman.pack(bits), len(bits)) == bits, "unpack(pack(bits)) != bits"
    n = len(text)
    entropy = -sum(f / n * math.log2(f / n) for f in freqs.values())
    mean_length = len(bits) / n
    if len(freqs) > 1:
        assert entropy - 1e-9 <= mean_length < entropy + 1, (
            f"mean code length {mean_length:.3f} bits/symbol is outside [H, H + 1) with H = {entropy:.3f}"
        )


def test_bits_must_be_a_str_not_bytes():
    with pytest.raises(TypeError, match="decode expects bits as a str of '0' and '1', got bytes"):
        huffman.decode(b"0101", {"a": "0", "b": "1"})
