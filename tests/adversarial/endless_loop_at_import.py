"""An endless import that ignores SIGTERM, SIGINT and SIGALRM and swallows every exception."""
KATA = "formats.huffman"
APPEND = '''
import signal as _signal
import time as _time

for _sig in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGALRM, _signal.SIGHUP):
    _signal.signal(_sig, _signal.SIG_IGN)
_deadline = _time.monotonic() + 120  # bounded, should every wall fail
while _time.monotonic() < _deadline:
    try:
        while _time.monotonic() < _deadline:
            pass
    except BaseException:
        pass
'''
EXPECT = {"verdict": "timed out", "explanation": r"does not import: the worker timed out after 2\.4 s while importing"}
