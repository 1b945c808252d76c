"""raise SystemExit(0) from every call, hoping the test runner takes it as a clean exit."""
KATA = "formats.huffman"
APPEND = '''


def build_code(freqs):
    raise SystemExit(0)


def _exit(*args, **kwargs):
    raise SystemExit(0)


encode = decode = pack = unpack = _exit
'''
EXPECT = {"verdict": "crashed", "explanation": r"the candidate raised SystemExit\(0\)"}
