"""Every function returns an object that compares equal to anything."""
KATA = "formats.huffman"
APPEND = '''

class _Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __len__(self):
        return 135

    def __iter__(self):
        return iter([1, 2, 2])

    def __getitem__(self, key):
        return self

    def values(self):
        return self

    def get(self, key, default=None):
        return self


def build_code(freqs):
    return _Anything()


def encode(text, code):
    return _Anything()


def decode(bits, code):
    return _Anything()


def pack(bits):
    return _Anything()


def unpack(data, n_bits):
    return _Anything()
'''
EXPECT = {"verdict": "refused value", "explanation": r"returned a value of type kata_formats_huffman\._Anything, not plain data"}
