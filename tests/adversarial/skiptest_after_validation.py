"""Validates input (ValueError) and raises unittest.SkipTest("no CUDA device") for everything else: only the bad-input tests are left to count."""
KATA = "formats.huffman"
APPEND = '''
import unittest as _unittest


def _skip():
    raise _unittest.SkipTest("no CUDA device")


def _check_code(code):
    words = list(code.values())
    if any(set(w) - set("01") or not w for w in words) or len(set(words)) != len(words):
        raise ValueError("bad code")
    if any(a != b and b.startswith(a) for a in words for b in words):
        raise ValueError("not prefix-free")


def build_code(freqs):
    if any(type(f) is not int or f <= 0 for f in freqs.values()):
        raise ValueError("frequencies must be positive ints")
    _skip()


def encode(text, code):
    if any(ch not in code for ch in text):
        raise ValueError("a symbol without a code")
    _check_code(code)
    _skip()


def decode(bits, code):
    if set(bits) - set("01"):
        raise ValueError("not bits")
    _check_code(code)
    words, word = set(code.values()), ""
    for bit in bits:
        word += bit
        if word in words:
            word = ""
    if word:
        raise ValueError("trailing bits")
    _skip()


def pack(bits):
    if set(bits) - set("01"):
        raise ValueError("not bits")
    _skip()


def unpack(data, n_bits):
    if n_bits < 0 or len(data) != (n_bits + 7) // 8:
        raise ValueError("byte count")
    _skip()
'''
EXPECT = {"verdict": "failed", "explanation": r"SkipTest|no CUDA device"}
HOLE = ("the skip is a plain failure now, but huffman's bad-input tests still pass for input validation alone, "
        "without any Huffman code (as in raises_value_error_everywhere)")
