"""Huffman coding: the optimal prefix code behind the deck's "binary allows further compression".

Reference solution. See exercises/formats/huffman.py for the statement.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping

BITS = frozenset("01")


def _check_type(x: object, types: type | tuple[type, ...], what: str) -> None:
    if isinstance(x, bool) or not isinstance(x, types):
        raise TypeError(f"{what}, got {type(x).__name__}")


def _check_code(code: object, fn: str) -> None:
    _check_type(code, Mapping, f"{fn} expects code as a dict of symbol -> bit string")


def build_code(freqs: dict[str, int]) -> dict[str, str]:
    """An optimal prefix code for `freqs`: symbol -> bit string such as '0110'."""
    _check_type(freqs, Mapping, "build_code expects a dict of symbol -> frequency")
    for symbol, weight in freqs.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0:
            raise ValueError(f"frequency of {symbol!r} must be a positive integer, got {weight!r}")
    if not freqs:
        return {}
    if len(freqs) == 1:
        # A zero-length code could not be decoded: one symbol still costs one bit.
        return {next(iter(freqs)): "0"}
    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
    heap = [(weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
        w1, _, left = heapq.heappop(heap)
        w2, _, right = heapq.heappop(heap)
        merged = {s: "0" + c for s, c in left.items()}
        merged.update({s: "1" + c for s, c in right.items()})
        heapq.heappush(heap, (w1 + w2, next(order), merged))
    return heap[0][2]


def encode(text: str, code: dict[str, str]) -> str:
    """The concatenated codes of `text`'s symbols."""
    _check_type(text, str, "encode expects text as a str")
    _check_code(code, "encode")
    try:
        return "".join(code[symbol] for symbol in text)
    except KeyError as exc:
        raise ValueError(f"symbol {exc.args[0]!r} has no code") from None


def decode(bits: str, code: dict[str, str]) -> str:
    """Invert `encode`: read codewords left to right."""
    _check_type(bits, str, "decode expects bits as a str of '0' and '1'")
    _check_code(code, "decode")
    if set(bits) - BITS:
        raise ValueError("bits must contain only '0' and '1'")
    by_word = {word: symbol for symbol, word in code.items()}
    if len(by_word) != len(code) or any(
        a != b and b.startswith(a) for a in by_word for b in by_word
    ):
        raise ValueError("code is not prefix-free")
    longest = max(map(len, by_word), default=0)
    out, word = [], ""
    for bit in bits:
        word += bit
        if word in by_word:
            out.append(by_word[word])
            word = ""
        elif len(word) >= longest:
            raise ValueError(f"bits {word!r} are not a codeword")
    if word:
        raise ValueError(f"trailing bits {word!r} do not form a codeword")
    return "".join(out)


def pack(bits: str) -> bytes:
    """Bit string -> bytes, most significant bit first, last byte padded with zeros."""
    _check_type(bits, str, "pack expects bits as a str of '0' and '1'")
    if set(bits) - BITS:
        raise ValueError("bits must contain only '0' and '1'")
    padded = bits + "0" * (-len(bits) % 8)
    return bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))


def unpack(data: bytes, n_bits: int) -> str:
    """Invert `pack`: the first `n_bits` bits of `data`."""
    _check_type(data, (bytes, bytearray, memoryview), "unpack expects bytes")
    _check_type(n_bits, int, "unpack expects n_bits as an int")
    if not 0 <= n_bits <= 8 * len(data) or len(data) != (n_bits + 7) // 8:
        raise ValueError(f"{len(data)} bytes cannot hold exactly {n_bits} packed bits")
    return "".join(f"{byte:08b}" for byte in data)[:n_bits]
