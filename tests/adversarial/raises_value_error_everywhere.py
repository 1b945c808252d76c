"""The stub with NotImplementedError swapped for ValueError: every bad-input test passes without a line of the kata."""
KATA = "formats.huffman"
APPEND = '''


def _refuse(*args, **kwargs):
    raise ValueError("bad input")


build_code = encode = decode = pack = unpack = _refuse
'''
EXPECT = {"verdict": "failed", "explanation": r"^test_deck_code_lengths_match_the_slide: .*ValueError"}
HOLE = ("tests that only check `pytest.raises(ValueError)` pass for a function that always raises: "
       "14 of huffman's 31 tests, 4.52 of 10 points for no work")
