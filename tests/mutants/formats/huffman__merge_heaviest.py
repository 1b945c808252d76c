"""Mutant of formats.huffman: merges the two most frequent subtrees first (a max-heap), so the code is not optimal."""
REPLACE = [
    (
        r"""    heap = [(weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
""",
        r"""    heap = [(-weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
""",
    ),
]
