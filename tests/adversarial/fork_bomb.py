"""Forks at import until the process limit (at most 5000 children, each exits after 20 s); the next kata must not pay for it."""
KATA = "formats.huffman"
ALSO = ["formats.text_vs_binary"]
APPEND = '''
import os as _os
import time as _time

_kids = 0
_start = _time.monotonic()
while _kids < 5000 and _time.monotonic() - _start < 2.0:
    try:
        _pid = _os.fork()
    except OSError:
        break
    if _pid == 0:
        try:
            _time.sleep(20)
        finally:
            _os._exit(0)
    _kids += 1
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
EXPECT_ALSO = {"formats.text_vs_binary": {"verdict": "not started", "explanation": r"formats\.text_vs_binary is not started yet"}}
