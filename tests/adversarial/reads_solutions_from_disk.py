"""Looks for solutions/formats/huffman.py by absolute, relative, __file__-, graders.__file__- and /proc-relative paths and execs it."""
KATA = "formats.huffman"
APPEND = '''

def _adversarial_find_solution():
    import glob
    import os
    from pathlib import Path

    tail = "solutions/formats/huffman.py"
    here = Path(__file__).resolve()
    places = [Path("__REPO__") / tail, Path("/work/main") / tail]
    places += [Path("../" * up + tail) for up in range(8)]
    places += [parent / tail for parent in here.parents]
    try:
        import graders

        top = Path(graders.__file__).resolve().parent
        places += [top.parent / tail, Path(os.path.join(os.path.dirname(graders.__file__), "..", tail))]
        places += [parent / tail for parent in top.parents]
    except Exception:
        pass
    for proc in ("/proc/self", "/proc/1", "/proc/" + str(os.getppid())):
        places += [Path(proc) / "root" / "__REPO__".lstrip("/") / tail, Path(proc) / "cwd" / tail]
    for depth in range(1, 4):
        places += [Path(p) for p in glob.glob("/" + "*/" * depth + tail)]
    for place in places:
        try:
            source = place.read_text()
        except (OSError, ValueError):
            continue
        if 'NotImplementedError("build_code")' not in source:
            return place, source
    return None, None


_place, _source = _adversarial_find_solution()
if _source is not None:
    exec(compile(_source, str(_place), "exec"), globals())
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
