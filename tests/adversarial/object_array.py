"""build_code and encode return numpy arrays of dtype object holding objects that equal anything."""
KATA = "formats.huffman"
APPEND = '''
import numpy as _np


class _Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def _objects(*args, **kwargs):
    out = _np.empty(3, dtype=object)
    out[:] = [_Anything(), "0", 1]
    return out


build_code = encode = decode = pack = unpack = _objects
'''
EXPECT = {"verdict": "refused value", "explanation": r"a value of type numpy\.ndarray, not plain data: an array of dtype object"}
