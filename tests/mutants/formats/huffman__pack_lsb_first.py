"""Mutant of formats.huffman: packs bits least significant first; it round-trips with its own unpack but is not the stated layout."""
REPLACE = [
    (
        r"""        raise ValueError("bits must contain only '0' and '1'")
    padded = bits + "0" * (-len(bits) % 8)
    return bytes(int(padded[i : i + 8], 2) for i in range(0, len(padded), 8))


""",
        r"""        raise ValueError("bits must contain only '0' and '1'")
    padded = bits + "0" * (-len(bits) % 8)
    return bytes(int(padded[i : i + 8][::-1], 2) for i in range(0, len(padded), 8))


""",
    ),
    (
        r"""    if not 0 <= n_bits <= 8 * len(data) or len(data) != (n_bits + 7) // 8:
        raise ValueError(f"{len(data)} bytes cannot hold exactly {n_bits} packed bits")
    return "".join(f"{byte:08b}" for byte in data)[:n_bits]
""",
        r"""    if not 0 <= n_bits <= 8 * len(data) or len(data) != (n_bits + 7) // 8:
        raise ValueError(f"{len(data)} bytes cannot hold exactly {n_bits} packed bits")
    return "".join(f"{byte:08b}"[::-1] for byte in data)[:n_bits]
""",
    ),
]
