"""Mutant of formats.huffman: packs bits least significant first; it round-trips with its own unpack but is not the stated layout."""
REPLACE = [
    (
        r"""    return bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))
""",
        r"""    return bytes(int(padded[i : i + 8][::-1], 2) for i in range(0, len(padded), 8))
""",
    ),
    (
        r"""    return "".join(f"{byte:08b}" for byte in data)[:n_bits]
""",
        r"""    return "".join(f"{byte:08b}"[::-1] for byte in data)[:n_bits]
""",
    ),
]
