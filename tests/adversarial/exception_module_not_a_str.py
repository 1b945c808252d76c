"""Raises an exception whose class's __module__ is the int 42, which the grader's exception mirroring expects to be a str."""
KATA = "formats.huffman"
APPEND = '''


class Numbered(Exception):
    pass


Numbered.__module__ = 42


def _numbered(*args, **kwargs):
    raise Numbered("42")


build_code = encode = decode = pack = unpack = _numbered
'''
EXPECT = {"verdict": "failed", "explanation": r"worker:42\.Numbered"}  # the worker names it as text
