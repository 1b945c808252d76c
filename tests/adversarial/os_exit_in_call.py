"""os._exit(0) inside a call (the first of the run), so the worker vanishes with a status of success."""
KATA = "formats.huffman"
APPEND = '''
import os as _os


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


def _exit(*args, **kwargs):
    if _first_time("os-exit"):
        _os._exit(0)
    raise NotImplementedError("exit")


build_code = encode = decode = pack = unpack = _exit
'''
EXPECT = {"verdict": "crashed", "explanation": r"exited the interpreter \(status 0\) in formats\.huffman"}
