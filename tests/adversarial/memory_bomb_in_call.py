"""build_code asks numpy for a 2 TiB array (a MemoryError subclass with its own __str__), the other functions for a 1 TiB bytearray."""
KATA = "formats.huffman"
APPEND = '''
import numpy as _np


def build_code(freqs):
    return _np.ones(2**38)


def _bomb(*args, **kwargs):
    return bytearray(2**40)


encode = decode = pack = unpack = _bomb
'''
EXPECT = {"verdict": "out of memory",
          "explanation": r"exceeded 2 GiB of memory in formats\.huffman \(.*Unable to allocate 2\.00 TiB"}
