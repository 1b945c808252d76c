"""A call (the first of the run) SIGKILLs process group 0 (its own group, which once held the test runner too)."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
import signal as _signal


__FIRST_TIME__


def _kill_group(*args, **kwargs):
    if _first_time("killpg"):
        _os.killpg(0, _signal.SIGKILL)
    raise NotImplementedError("kill")


build_code = encode = decode = pack = unpack = _kill_group
'''
EXPECT = {"verdict": "crashed", "explanation": r"was killed \(SIGKILL"}
