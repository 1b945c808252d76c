"""build_code on the deck's 16 symbols (the first time) spins for ever, ignoring SIGTERM, SIGINT and SIGALRM and swallowing every exception."""
KATA = "formats.huffman"
APPEND = '''
import signal as _signal
import time as _time

for _sig in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGALRM, _signal.SIGHUP):
    _signal.signal(_sig, _signal.SIG_IGN)
_stub_build_code = build_code


__FIRST_TIME__


def build_code(freqs):
    if len(freqs) != 16 or not _first_time("loop"):
        return _stub_build_code(freqs)
    deadline = _time.monotonic() + 120  # bounded, should every wall fail
    while _time.monotonic() < deadline:
        try:
            while _time.monotonic() < deadline:
                pass
        except BaseException:
            pass
    raise NotImplementedError("build_code")
'''
EXPECT = {"verdict": "timed out", "explanation": r"timed out after 3 s"}
