"""build_code returns a dict subclass that equals anything and answers every lookup."""
KATA = "formats.huffman"
APPEND = '''

class _Dict(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None

    def __missing__(self, key):
        return "0"

    def get(self, key, default=None):
        return "0"


def build_code(freqs):
    return _Dict({s: "0" for s in freqs})
'''
EXPECT = {"verdict": "refused value", "explanation": r"a value of type kata_formats_huffman\._Dict, not plain data"}
