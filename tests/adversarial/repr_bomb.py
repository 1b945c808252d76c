"""build_code({a, b, c}) returns a small message that decodes to a shared structure with 2**40 leaves: the grader's repr of it explodes."""
KATA = "formats.huffman"
APPEND = '''


__FIRST_TIME__


def build_code(freqs):
    if len(freqs) != 3 or not _first_time("repr"):  # test_small_example_from_the_statement prints the code
        raise NotImplementedError("build_code")
    leaf = ["0"]
    for _ in range(40):
        leaf = [leaf, leaf]
    return {s: [leaf, s] for s in freqs}
'''
EXPECT = {"verdict": "timed out", "explanation": r"timed out after 3 s in formats\.huffman"}
