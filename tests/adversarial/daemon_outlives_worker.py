"""Double-forks a setsid daemon at import that ignores SIGTERM/SIGHUP and lives on (60 s at most) after its worker."""
KATA = "formats.huffman"
ALSO = ["formats.text_vs_binary"]
APPEND = '''
import os as _os
import signal as _signal
import time as _time

if _os.fork() == 0:
    try:
        _os.setsid()
        if _os.fork() == 0:
            for _sig in (_signal.SIGTERM, _signal.SIGHUP, _signal.SIGINT):
                _signal.signal(_sig, _signal.SIG_IGN)
            _time.sleep(60)
    finally:
        _os._exit(0)
_time.sleep(0.2)
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
EXPECT_ALSO = {"formats.text_vs_binary": {"verdict": "not started", "explanation": r"formats\.text_vs_binary is not started yet"}}
