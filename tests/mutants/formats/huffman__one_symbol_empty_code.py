"""Mutant of formats.huffman: a lone symbol gets the empty code, so its text encodes to zero bits."""
REPLACE = [
    (
        r"""        return {next(iter(freqs)): "0"}
""",
        r"""        return {next(iter(freqs)): ""}
""",
    ),
]
