"""Reads graders/hidden/ and graders/datagen/ through the read-only graders/ mount; on success every function raises ValueError("LEAKED ...")."""
KATA = "formats.huffman"
APPEND = '''

def _adversarial_leak():
    import glob
    import os
    from pathlib import Path

    try:
        import graders

        top = Path(graders.__file__).resolve().parent
    except Exception:
        top = Path("__REPO__/graders")
    found = []
    for folder in (top / "hidden", top / "datagen", Path("__REPO__/graders/hidden"), Path("__REPO__/tests/mutants")):
        for path in glob.glob(str(folder / "**" / "*"), recursive=True):
            try:
                with open(path, "rb") as f:
                    found.append((path, len(f.read())))
            except OSError:
                pass
    try:  # the bytecode of the hidden tests, wherever pytest may have cached it
        import importlib.util

        found += [(p, 0) for p in glob.glob(str(top / "**" / "__pycache__" / "test_huffman*"), recursive=True)]
    except Exception:
        pass
    return found


_leaked = _adversarial_leak()
if _leaked:
    def _tell(*args, **kwargs):
        raise ValueError(f"LEAKED {_leaked[:3]}")

    build_code = encode = decode = pack = unpack = _tell
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
