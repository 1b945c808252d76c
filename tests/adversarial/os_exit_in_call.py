"""os._exit(0) inside a call (the first of the run), so the worker vanishes with a status of success."""
KATA = "formats.huffman"
APPEND = '''
import os as _os


__FIRST_TIME__


def _exit(*args, **kwargs):
    if _first_time("os-exit"):
        _os._exit(0)
    raise NotImplementedError("exit")


build_code = encode = decode = pack = unpack = _exit
'''
EXPECT = {"verdict": "crashed", "explanation": r"exited the interpreter \(status 0\) in formats\.huffman"}
