"""Raises exceptions whose class claims a stdlib __module__ ("this", "unittest.__main__"), which the grader imports to look the class up."""
KATA = "formats.huffman"
APPEND = '''


class Zen(Exception):
    __module__ = "this"  # importing it prints the Zen of Python, in the grader's process


class Main(Exception):
    __module__ = "unittest.__main__"  # importing it runs unittest.main() on the grader's sys.argv


def build_code(freqs):
    raise Zen("the grader printed the Zen of Python")


def _main(*args, **kwargs):
    raise Main("the grader ran unittest.main()")


encode = decode = pack = unpack = _main
'''
EXPECT = {"verdict": "failed", "explanation": r"^test_deck_code_lengths_match_the_slide: worker:this\.Zen: "}
