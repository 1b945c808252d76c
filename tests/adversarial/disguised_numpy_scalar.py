"""Subclasses of numpy scalars that claim __module__ = "numpy" (the codec accepts numpy's own scalar types) with a rigged __eq__."""
KATA = "formats.text_vs_binary"
APPEND = '''
import numpy as _np


class int64(_np.int64):
    __module__ = "numpy"

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = _np.int64.__hash__


def zigzag_encode(n):
    return int64(-12345)


def zigzag_decode(z):
    return int64(-12345)


def decode_varint(data, pos=0):
    return (int64(-12345), int64(-1))


def sizes(n):
    return {key: int64(-12345) for key in ("text", "int32", "int64", "varint", "zigzag")}
'''
EXPECT = {"verdict": "failed", "explanation": r"^test_book_and_deck_numbers\[book-1000000\]: "}
