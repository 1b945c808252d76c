"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: encode merges the most frequent known pair of the text first, not in training order.

Training keeps every pair's count up to date as merges happen instead of recounting the
whole corpus after each merge: a doubly linked list over the token positions, an index
pair -> left positions, and a max-heap of (count, pair) with stale entries skipped on pop.
One merge then costs time proportional to its occurrences, not to the corpus.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

N_BYTES = 256


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"k must be an int, got {k!r}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")


def train(corpus: str, k: int) -> list[tuple[int, int]]:
    """Learn up to k merges on the UTF-8 bytes of `corpus`: a list of (left id, right id)."""
    _check_k(k)
    tok = list(corpus.encode("utf-8"))  # tok[i] == -1 once position i was merged into i's left
    n = len(tok)
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    if n:
        nxt[-1] = -1

    counts: dict[tuple[int, int], int] = defaultdict(int)
    where: dict[tuple[int, int], set[int]] = defaultdict(set)  # pair -> its left positions
    for i in range(n - 1):
        pair = (tok[i], tok[i + 1])
        counts[pair] += 1
        where[pair].add(i)
    # Max count first, then the smallest pair: (-count, pair) orders both in one tuple.
    heap = [(-c, pair) for pair, c in counts.items()]
    heapq.heapify(heap)
    touched: set[tuple[int, int]] = set()

    def remove(pair: tuple[int, int], i: int) -> None:
        counts[pair] -= 1
        where[pair].discard(i)
        touched.add(pair)

    def add(pair: tuple[int, int], i: int) -> None:
        counts[pair] += 1
        where[pair].add(i)
        touched.add(pair)

    merges: list[tuple[int, int]] = []
    while len(merges) < k and heap:
        neg, pair = heapq.heappop(heap)
        if -neg != counts.get(pair, 0):
            continue  # stale: the pair's count changed after this entry was pushed
        if -neg < 2:
            break  # no pair occurs twice: a merge would not shorten the corpus
        new = N_BYTES + len(merges)
        merges.append(pair)
        a, b = pair
        touched.clear()
        # Left to right, so a run "aaa" becomes (aa)a like encode() does; positions
        # swallowed by an earlier merge in this pass fail the check and are skipped.
        for i in sorted(where.pop(pair)):
            j = nxt[i]
            if tok[i] != a or j == -1 or tok[j] != b:
                continue
            p, q = prev[i], nxt[j]
            counts[pair] -= 1
            if p != -1:
                remove((tok[p], a), p)
            if q != -1:
                remove((b, tok[q]), j)
            tok[i], tok[j] = new, -1
            nxt[i] = q
            if q != -1:
                prev[q] = i
            if p != -1:
                add((tok[p], new), p)
            if q != -1:
                add((new, tok[q]), i)
        del counts[pair]  # every occurrence was merged or swallowed: its count is 0
        where.pop(pair, None)
        touched.discard(pair)
        for other in touched:
            c = counts[other]
            if c > 0:
                heapq.heappush(heap, (-c, other))
            else:
                del counts[other]
                where.pop(other, None)
    return merges


def _ranks(merges) -> dict[tuple[int, int], int]:
    ranks = {}
    for r, m in enumerate(merges):
        a, b = m
        if not (0 <= a < N_BYTES + r and 0 <= b < N_BYTES + r):
            raise ValueError(f"merge {r} {tuple(m)!r} uses an id that does not exist yet")
        ranks[(a, b)] = r
    return ranks


def encode(text: str, merges) -> list[int]:
    """Token ids of `text`: its UTF-8 bytes with `merges` applied in training order."""
    ranks = _ranks(merges)
    tok = list(text.encode("utf-8"))
    n = len(tok)
    if n < 2 or not ranks:
        return tok
    # BUG: picks the most frequent mergeable pair of THIS text, not the earliest merge.
    while True:
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for pair in zip(tok, tok[1:]):
            if pair in ranks:
                counts[pair] += 1
        if not counts:
            return tok
        pair = min(counts, key=lambda p: (-counts[p], ranks[p]))
        new, out, i = N_BYTES + ranks[pair], [], 0
        while i < len(tok):
            if i + 1 < len(tok) and (tok[i], tok[i + 1]) == pair:
                out.append(new)
                i += 2
            else:
                out.append(tok[i])
                i += 1
        tok = out


def decode(ids, merges) -> str:
    """Invert `encode`: expand every id to its bytes, then decode the whole as UTF-8."""
    _ranks(merges)
    vocab = [bytes([b]) for b in range(N_BYTES)]
    for a, b in merges:
        vocab.append(vocab[a] + vocab[b])
    data = bytearray()
    for i in ids:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(vocab):
            raise ValueError(f"id {i!r} is not in the vocabulary (0..{len(vocab) - 1})")
        data += vocab[i]
    # One decode of all the bytes: a character may span two tokens.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"ids do not decode to UTF-8 text: {exc}") from None
