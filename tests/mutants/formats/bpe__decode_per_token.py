"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: decode turns each token into text on its own, so a character split across tokens is lost.

Training keeps every pair's count up to date as merges happen instead of recounting the
whole corpus after each merge: a doubly linked list over the token positions, an index
pair -> left positions, and a max-heap of (count, pair) with stale entries skipped on pop.
One merge then costs time proportional to its occurrences, not to the corpus.
"""
REPLACE = [
    (
        r"""    data = bytearray()
""",
        r"""    out = []
""",
    ),
    (
        r"""        data += vocab[i]
    # One decode of all the bytes: a character may span two tokens.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"ids do not decode to UTF-8 text: {exc}") from None
""",
        r"""        # BUG: decodes token by token; a token holding half a character becomes U+FFFD
        out.append(vocab[i].decode("utf-8", errors="replace"))
    return "".join(out)
""",
    ),
]
