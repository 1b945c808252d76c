"""Reserves 1 GiB arrays at import until the address-space limit stops it (64 GiB at most, never touched)."""
KATA = "formats.huffman"
APPEND = '''
import numpy as _np

_hoard = []
for _ in range(64):
    _hoard.append(_np.empty(2**27))
'''
EXPECT = {"verdict": "out of memory", "explanation": r"does not import: .*Unable to allocate 1\.00 GiB"}
