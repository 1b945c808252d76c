"""Two passes, exact, little memory: the median of a float64 file bigger than the budget.

MUTANT (must fail the hidden tests): the key only flips the sign bit, so negative values keep their
magnitude order: -1.0 sorts after -0.5, and any median among negatives is wrong.
"""
REPLACE = [
    (
        r"""    bits = values.view(np.uint64)
    np.right_shift(values.view(np.int64), 63, out=out.view(np.int64))  # -1 for negatives, else 0
    np.bitwise_or(out, SIGN, out=out)
    np.bitwise_xor(bits, out, out=out)
    return out
""",
        r"""    bits = values.view(np.uint64)
    np.bitwise_xor(bits, SIGN, out=out)  # BUG: negatives also need their other bits flipped
    return out
""",
    ),
    (
        r"""def from_key(key: int) -> float:
    bits = key ^ (1 << 63) if key >> 63 else key ^ (ALL_KEYS - 1)
    return float(np.array([bits], dtype=np.uint64).view(np.float64)[0])
""",
        r"""def from_key(key: int) -> float:
    bits = key ^ (1 << 63)
    return float(np.array([bits], dtype=np.uint64).view(np.float64)[0])
""",
    ),
    (
        r"""    min_key, max_key = ALL_KEYS - 1, 0
    for _, keys in read_chunks(path, chunk_values):
        top = np.right_shift(keys, np.uint64(64 - BUCKET_BITS))
""",
        r"""    min_key, max_key = ALL_KEYS - 1, 0
    for values, keys in read_chunks(path, chunk_values):
        if np.isnan(values).any():
            raise ValueError(f"{path} contains NaN: NaN has no place in an ordering")
        top = np.right_shift(keys, np.uint64(64 - BUCKET_BITS))
""",
    ),
    (
        r"""    passes = 1
    if min_key < KEY_NEG_INF or max_key > KEY_POS_INF:
        raise ValueError(f"{path} contains NaN: NaN has no place in an ordering")
""",
        r"""    passes = 1
    if min_key > max_key:  # (NaN is checked on the values below)
        raise ValueError(f"{path} contains NaN: NaN has no place in an ordering")
""",
    ),
]
