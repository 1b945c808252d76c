"""Huffman coding: why "binary allows further compression".

The deck's example: the 36 characters of "this is an example of a huffman tree" take
36 bytes as text, but 135 bits with a Huffman code, because frequent symbols (space: 7,
a: 4, e: 4) get short codes (111, 010, 000) and rare ones (x: 1) long codes (10010).
Build that code: repeatedly merge the two least frequent subtrees; a symbol's code is its
path from the root (0 = left, 1 = right). Codes are not unique, and in general neither are
their lengths (frequencies 1, 1, 2, 2 have optimal codes with lengths 2, 2, 2, 2 and with
1, 2, 3, 3): only the total cost of an optimal code is. For the deck's frequencies every
tie-break gives the slide's lengths, and yours must give its 135 bits.

    >>> code = build_code({"a": 4, "b": 1, "c": 1})
    >>> sorted(len(w) for w in code.values())
    [1, 2, 2]
    >>> bits = encode("abca", code); decode(bits, code)
    'abca'
    >>> pack("1"), unpack(b"\\x80", 1)
    (b'\\x80', '1')

Bad input raises ValueError with a message: a frequency that is not a positive int, a
symbol with no code, bits other than '0'/'1', a code that is not prefix-free, trailing
bits that are not a codeword, a byte count that does not match n_bits.
One symbol gets the code '0' (one bit); no symbols give {}. Empty input is fine: encode,
decode and pack of "" give "", "" and b"", unpack(b"", 0) gives "".
Arguments of the wrong type raise TypeError naming the function and the parameter: freqs and
code must be dicts ("build_code expects a dict of symbol -> frequency, got list"), text and
bits strs ("decode expects bits as a str of '0' and '1', got bytes"), data bytes ("unpack
expects bytes, got str") and n_bits an int ("unpack expects n_bits as an int, got float").

Run its tests: pytest exercises/formats/test_huffman.py   (or: kata check formats.huffman)
"""
from __future__ import annotations


def build_code(freqs: dict[str, int]) -> dict[str, str]:
    """An optimal prefix code for `freqs`: symbol -> bit string such as '0110'.

    (about 20 lines)
    """
    # TODO: validate: every frequency a positive int, else ValueError naming the symbol.
    # TODO: a min-heap of (weight, tie_breaker, {symbol: code_so_far}); heapq.heapify(...)
    # TODO: pop the two lightest, prefix "0" to one side's codes and "1" to the other's,
    #       push back (w1 + w2, ...). e.g. {a:1} + {b:1} -> {a:"0", b:"1"} of weight 2
    # TODO: special cases: {} -> {}; one symbol -> {symbol: "0"}
    raise NotImplementedError("build_code")


def encode(text: str, code: dict[str, str]) -> str:
    """The concatenated codes of `text`'s symbols, e.g. encode("ab", {"a": "0", "b": "1"}) == "01"."""
    # TODO: join code[symbol] for each symbol; a symbol with no code -> ValueError
    raise NotImplementedError("encode")


def decode(bits: str, code: dict[str, str]) -> str:
    """Invert `encode`: read codewords left to right. (about 15 lines)"""
    # TODO: check bits are '0'/'1' and the code is prefix-free (no codeword starts another)
    # TODO: grow a word bit by bit; when it is a codeword, emit its symbol and start again
    #       e.g. decode("0110", {"a": "0", "b": "11"}): "0" -> a, "11" -> b, "0" -> a: "aba"
    # TODO: leftover bits at the end -> ValueError
    raise NotImplementedError("decode")


def pack(bits: str) -> bytes:
    """Bit string -> bytes, most significant bit first, last byte padded with zeros."""
    # TODO: pad to a multiple of 8 with '0', then int(chunk, 2) per 8 bits: "1" -> b"\x80"
    raise NotImplementedError("pack")


def unpack(data: bytes, n_bits: int) -> str:
    """Invert `pack`: the first `n_bits` bits of `data`."""
    # TODO: f"{byte:08b}" per byte, keep n_bits; data must be exactly ceil(n_bits / 8) bytes
    raise NotImplementedError("unpack")
