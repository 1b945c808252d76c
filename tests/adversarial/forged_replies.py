"""Writes its own frames on the worker's socket (raw junk, a frame of 2**40 bytes, a reply without a verdict), each once, instead of answering."""
KATA = "formats.huffman"
APPEND = '''
import os as _os
import struct as _struct
import sys as _sys


__FIRST_TIME__


def _sock_fd():
    return int(_sys.argv[-1])


def build_code(freqs):
    if _first_time("junk"):
        _os.write(_sock_fd(), _struct.pack("<Q", 5) + b"Zjunk")
    raise NotImplementedError("build_code")


def encode(text, code):
    if _first_time("huge"):
        _os.write(_sock_fd(), _struct.pack("<Q", 2**40))
    raise NotImplementedError("encode")


def _no_verdict(*args, **kwargs):
    from graders.isolation import codec

    if _first_time("no-verdict"):
        payload = codec.encode(["passed", True])[0]
        _os.write(_sock_fd(), _struct.pack("<Q", len(payload)) + payload)
    raise NotImplementedError("unanswered")


decode = pack = unpack = _no_verdict
'''
EXPECT = {"verdict": "tampering detected", "explanation": r"tampering detected in formats\.huffman"}
