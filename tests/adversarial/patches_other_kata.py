"""huffman's module rewrites text_vs_binary's file in the graded copy, drops a module in scratch and patches builtins for the next kata."""
KATA = "formats.huffman"
ALSO = ["formats.text_vs_binary"]
APPEND = '''

def _adversarial_meddle():
    import builtins
    import os
    import sys
    from pathlib import Path

    forged = (
        "def _raise(*args, **kwargs):\\n    raise ValueError('ADVERSARIAL forged by huffman')\\n"
        "class VarintError(ValueError):\\n    pass\\n"
        "encode_varint = decode_varint = zigzag_encode = zigzag_decode = sizes = encode_field = _raise\\n"
    )
    here = Path(__file__).resolve()
    target = here.parent / "text_vs_binary.py"
    for how in ("replace", "append", "rename", "chmod"):
        try:
            if how == "replace":
                target.write_text(forged)
            elif how == "append":
                with open(target, "a") as f:
                    f.write("\\n" + forged)
            elif how == "rename":
                (here.parent / "ADVERSARIAL-tvb.py").write_text(forged)
                os.replace(here.parent / "ADVERSARIAL-tvb.py", target)
            else:
                os.chmod(target, 0o777)
        except OSError:
            pass
    for folder in (here.parents[2] / "scratch",):  # the one folder a worker may write, shared by the katas
        for name in ("text_vs_binary.py", "sitecustomize.py", "kata_formats_text_vs_binary.py"):
            try:
                with open(folder / name, "x") as f:
                    f.write(forged)
            except OSError:
                pass
    builtins.NotImplementedError = ValueError  # for whoever shares these builtins; this module keeps the real one
    builtins.ADVERSARIAL = True
    os.environ["PYTHONSTARTUP"] = str(here)
    sys.modules["kata_formats_text_vs_binary"] = sys.modules[__name__]


_NotImplemented = NotImplementedError


def build_code(freqs):
    raise _NotImplemented("build_code")


def encode(text, code):
    raise _NotImplemented("encode")


def decode(bits, code):
    raise _NotImplemented("decode")


def pack(bits):
    raise _NotImplemented("pack")


def unpack(data, n_bits):
    raise _NotImplemented("unpack")


_adversarial_meddle()
'''
EXPECT = {"verdict": "not started", "explanation": r"formats\.huffman is not started yet"}
EXPECT_ALSO = {"formats.text_vs_binary": {"verdict": "not started", "explanation": r"formats\.text_vs_binary is not started yet"}}
