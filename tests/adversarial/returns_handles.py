"""Returns generators, functions and classes (which come back as handles, not values) and objects whose __reduce__ would run code."""
KATA = "formats.huffman"
APPEND = '''
import os as _os


class _Pickle:
    def __reduce__(self):
        return (_os.system, ("touch /tmp/ADVERSARIAL-reduce-ran",))


def build_code(freqs):
    yield {s: "0" for s in freqs}


def encode(text, code):
    return lambda: "0" * 135


def decode(bits, code):
    return _Pickle


def pack(bits):
    return _Pickle()


def unpack(data, n_bits):
    return type(_Pickle())
'''
MUST_NOT_EXIST = ["/tmp/ADVERSARIAL-reduce-ran"]
EXPECT = {"verdict": "refused value", "explanation": r"returned a value of type \S+, not plain data"}
