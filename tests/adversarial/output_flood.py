"""Every call floods stdout and stderr (1 MiB writes, 128 MiB at most each)."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
import sys as _sys


def _flood(*args, **kwargs):
    chunk = b"x" * 2**20
    for _ in range(128):
        _os.write(1, chunk)
    for _ in range(128):
        _sys.stderr.write("y" * 2**20)
    raise NotImplementedError("flood")


build_code = encode = decode = pack = unpack = _flood
'''
EXPECT = {"verdict": "crashed", "explanation": r"wrote more than 64 MiB of output"}
