"""Mutant of formats.huffman: encode skips a symbol that has no code (code.get(symbol, "")) instead of raising ValueError."""
REPLACE = [
    (
        r"""        return "".join(code[symbol] for symbol in text)
""",
        r"""        return "".join(code.get(symbol, "") for symbol in text)
""",
    ),
]
