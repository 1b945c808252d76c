"""Every text_vs_binary function raises VarintError with every message a test may match ("truncated", "longer than 10 bytes", each kind...)."""
KATA = "formats.text_vs_binary"
APPEND = '''


def _refuse(*args, **kwargs):
    raise VarintError("truncated; longer than 10 bytes; does not fit in 64 bits; "
                      "int32 int64 uint32 uint64 sint32 sint64; field number out of range")


encode_varint = decode_varint = zigzag_encode = zigzag_decode = sizes = encode_field = _refuse
'''
EXPECT = {"verdict": "failed", "explanation": r"^test_book_and_deck_numbers\[book-1000000\]: .*VarintError"}
HOLE = ("tests that only check `pytest.raises(..., match=...)` pass for a function that always raises with every "
       "expected word in its message: a share of text_vs_binary's points for no work")
