"""A call (the first of the run) SIGKILLs process group 0 (its own group, which once held the test runner too)."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
import signal as _signal


def _first_time(tag):
    """True once per graded run: a marker in the scratch folder (the only place a worker may write) outlives
    the worker, so the cheat costs one worker rather than one per test. Anywhere else: True every time."""
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parents[2] / "scratch" / f"ADVERSARIAL-{tag}", "x"):
            return True
    except FileExistsError:
        return False
    except OSError:
        return True


def _kill_group(*args, **kwargs):
    if _first_time("killpg"):
        _os.killpg(0, _signal.SIGKILL)
    raise NotImplementedError("kill")


build_code = encode = decode = pack = unpack = _kill_group
'''
EXPECT = {"verdict": "crashed", "explanation": r"was killed \(SIGKILL"}
