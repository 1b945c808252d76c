"""raise KeyboardInterrupt from every call (pytest would end the session and keep the report so far)."""
KATA = "formats.huffman"
APPEND = '''


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


build_code = encode = decode = pack = unpack = _interrupt
'''
EXPECT = {"verdict": "crashed", "explanation": r"the candidate raised KeyboardInterrupt"}
