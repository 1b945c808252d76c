"""Every call raises unittest.SkipTest("no CUDA device"), the harness's own reason for a test not to count."""
KATA = "formats.huffman"
APPEND = '''
import unittest as _unittest


def _skip(*args, **kwargs):
    raise _unittest.SkipTest("no CUDA device")


build_code = encode = decode = pack = unpack = _skip
'''
EXPECT = {"verdict": "failed", "explanation": r"SkipTest|no CUDA device"}
