"""Every call raises RuntimeError("tampering detected ... timed out after ... is not started yet"): the verdict is read from words the candidate chose."""
KATA = "formats.huffman"
APPEND = '''


def _lie(*args, **kwargs):
    raise RuntimeError("tampering detected in formats.huffman: not plain data, timed out after 3 s")


build_code = encode = decode = pack = unpack = _lie
'''
EXPECT = {"verdict": "failed", "explanation": r"RuntimeError|tampering detected in formats\.huffman: not plain data"}
