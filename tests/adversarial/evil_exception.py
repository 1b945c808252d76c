"""A call (the first of the run) raises an exception whose __str__, __repr__, __eq__ and __hash__ raise and whose args are not plain data."""
KATA = "formats.huffman"
APPEND = '''


class _Evil(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")

    def __repr__(self):
        raise RuntimeError("no repr for you")

    def __eq__(self, other):
        raise RuntimeError("no eq for you")

    def __hash__(self):
        raise RuntimeError("no hash for you")


__FIRST_TIME__


def _raise(*args, **kwargs):
    if _first_time("evil"):
        raise _Evil(object())
    raise NotImplementedError("evil")


build_code = encode = decode = pack = unpack = _raise
'''
EXPECT = {"verdict": "failed", "explanation": r"_Evil"}
