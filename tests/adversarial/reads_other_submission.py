"""Globs /tmp (and /proc/*/root, /proc/*/cwd) for another submission's copy of huffman.py graded at the same time and execs it."""
KATA = "formats.huffman"
BESIDE_NEIGHBOUR = True  # graded at the same time as an honest reference submission
APPEND = '''

def _adversarial_steal():
    import glob
    import os
    import time

    mine = os.path.realpath(__file__)
    patterns = ["/tmp/**/huffman.py", "/proc/[0-9]*/root/tmp/**/huffman.py", "/proc/[0-9]*/cwd/**/huffman.py",
                "/var/tmp/**/huffman.py", "/dev/shm/**/huffman.py"]
    deadline = time.monotonic() + 1.5  # the other one may start a little later
    while time.monotonic() < deadline:
        for pattern in patterns:
            for path in glob.glob(pattern, recursive=True):
                if os.path.realpath(path) == mine:
                    continue
                try:
                    with open(path) as f:
                        source = f.read()
                except (OSError, UnicodeDecodeError):
                    continue
                if "def build_code" in source and 'NotImplementedError("build_code")' not in source:
                    return path, source
        time.sleep(0.1)
    return None, None


_path, _source = _adversarial_steal()
if _source is not None:
    exec(compile(_source, _path, "exec"), globals())
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
