"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: correct but slow: recounts every pair of the whole corpus after each merge (O(k n)).
"""
from __future__ import annotations

from collections import Counter

N_BYTES = 256


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"k must be an int, got {k!r}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")


def _merge(ids: list[int], pair: tuple[int, int], new: int) -> list[int]:
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(corpus: str, k: int) -> list[tuple[int, int]]:
    _check_k(k)
    ids = list(corpus.encode("utf-8"))
    merges: list[tuple[int, int]] = []
    while len(merges) < k:
        counts = Counter(zip(ids, ids[1:]))  # SLOW: the whole corpus again, every merge
        if not counts:
            break
        pair, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if count < 2:
            break
        ids = _merge(ids, pair, N_BYTES + len(merges))
        merges.append(pair)
    return merges


def _check(merges) -> list[tuple[int, int]]:
    out = []
    for r, m in enumerate(merges):
        a, b = m
        if not (0 <= a < N_BYTES + r and 0 <= b < N_BYTES + r):
            raise ValueError(f"merge {r} {tuple(m)!r} uses an id that does not exist yet")
        out.append((a, b))
    return out


def encode(text: str, merges) -> list[int]:
    ids = list(text.encode("utf-8"))
    for r, pair in enumerate(_check(merges)):
        ids = _merge(ids, pair, N_BYTES + r)
    return ids


def decode(ids, merges) -> str:
    vocab = [bytes([b]) for b in range(N_BYTES)]
    for a, b in _check(merges):
        vocab.append(vocab[a] + vocab[b])
    data = bytearray()
    for i in ids:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(vocab):
            raise ValueError(f"id {i!r} is not in the vocabulary (0..{len(vocab) - 1})")
        data += vocab[i]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"ids do not decode to UTF-8 text: {exc}") from None
