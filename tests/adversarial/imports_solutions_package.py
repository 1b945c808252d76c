"""Imports `solutions` as a package (sys.path games) or through graders.impl.select("solutions") and uses the reference."""
KATA = "formats.huffman"
APPEND = '''

def _adversarial_import_reference():
    import importlib
    import sys
    from pathlib import Path

    names = ("build_code", "encode", "decode", "pack", "unpack")
    for extra in ("__REPO__", "/work/main", "..", "../..", "../../..", str(Path(__file__).resolve().parents[1])):
        if extra not in sys.path:
            sys.path.insert(0, extra)
    for module in ("solutions.formats.huffman", "solutions.huffman", "exercises.formats.huffman"):
        try:
            found = importlib.import_module(module)
            if all(hasattr(found, n) for n in names) and "NotImplementedError" not in open(found.__file__).read():
                return found
        except Exception:
            pass
    try:
        from graders import impl, paths

        impl.select("solutions", paths.find_root())
        return impl.load("formats.huffman")
    except Exception:
        pass
    try:
        from graders import impl

        impl.select("__REPO__/solutions", Path("__REPO__"))
        return impl.load("formats.huffman")
    except Exception:
        return None


_reference = _adversarial_import_reference()
if _reference is not None:
    build_code, encode, decode, pack, unpack = (_reference.build_code, _reference.encode, _reference.decode,
                                                _reference.pack, _reference.unpack)
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
