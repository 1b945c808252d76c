"""At import: ignores SIGTERM/SIGINT/SIGHUP/SIGALRM, SIGKILLs its parent, pid 1 and every process it may signal."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
import signal as _signal

for _sig in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP, _signal.SIGALRM, _signal.SIGUSR1, _signal.SIGPIPE):
    _signal.signal(_sig, _signal.SIG_IGN)
if _os.getuid() != 0:  # harmless if the walls failed and this runs as root: then it signals no one
    for _pid in (_os.getppid(), 1, -1):
        try:
            _os.kill(_pid, _signal.SIGKILL)
        except OSError:
            pass
    try:
        _os.killpg(_os.getpgid(_os.getppid()), _signal.SIGKILL)
    except OSError:
        pass
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
