"""decode_varint returns a list subclass (and sizes a tuple subclass) that equals anything."""
KATA = "formats.text_vs_binary"
APPEND = '''

class _List(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class _Tuple(tuple):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = tuple.__hash__


def decode_varint(data, pos=0):
    return _List([0, 0])


def sizes(n):
    return _Tuple()
'''
EXPECT = {"verdict": "refused value", "explanation": r"a value of type kata_formats_text_vs_binary\._(List|Tuple), not plain data"}
