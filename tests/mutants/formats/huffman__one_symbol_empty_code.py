"""Mutant of formats.huffman: a lone symbol gets the empty code, so its text encodes to zero bits."""
REPLACE = [
    (
        r"""    if len(freqs) == 1:
        # A zero-length code could not be decoded: one symbol still costs one bit.
        return {next(iter(freqs)): "0"}
    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
""",
        r"""    if len(freqs) == 1:
        # A zero-length code could not be decoded: one symbol still costs one bit.
        return {next(iter(freqs)): ""}
    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
""",
    ),
]
