"""The kata module freezes time.perf_counter and the other clocks and rigs graders.meters.timing and memory."""
KATA = "formats.bpe"
APPEND = '''

import time as _time

_frozen = [0.0]


def _clock():
    _frozen[0] += 1e-9
    return _frozen[0]


for _name in ("perf_counter", "monotonic", "process_time", "time", "thread_time"):
    setattr(_time, _name, _clock)
for _name in ("perf_counter_ns", "monotonic_ns", "process_time_ns", "time_ns"):
    setattr(_time, _name, lambda: int(_clock() * 1e9))

try:
    import graders.meters.timing as _timing

    _fast = _timing.Ratio((1000.0,) * 7, (1.0,) * 7, (0.001,) * 7)
    _timing.time_ratio = lambda *a, **k: _fast
    _timing.assert_faster = lambda *a, **k: _fast
    _timing._block = lambda fn, calls: 1e-9
    _timing.RECORDED.append(_fast)
except Exception:
    pass

try:
    import graders.meters.memory as _memory

    for _name in dir(_memory):
        if "peak" in _name or "flamegraph" in _name:
            setattr(_memory, _name, lambda *a, **k: None)
except Exception:
    pass


def _junk(*args, **kwargs):
    raise RuntimeError("junk: the patches above are all this module does")


train = encode = decode = _junk
'''
EXPECT = {"verdict": "failed", "explanation": r"^test_wikipedia_example_merges: RuntimeError: junk"}
