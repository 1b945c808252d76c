"""Mutant of formats.huffman: rejects only negative frequencies, so a symbol with frequency 0 gets a code."""
REPLACE = [
    (
        r"""isinstance(weight, int) or weight <= 0:""",
        r"""isinstance(weight, int) or weight < 0:""",
    ),
]
