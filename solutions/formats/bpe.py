"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

Reference solution. See exercises/formats/bpe.py for the statement.

Training keeps every pair's count up to date as merges happen instead of recounting the
whole corpus after each merge: a doubly linked list over the token positions, an index
pair -> left positions, and a max-heap of (count, pair) with stale entries skipped on pop.
One merge then costs time proportional to its occurrences, not to the corpus.
"""
from __future__ import annotations

import heapq
from collections import defaultdict

N_BYTES = 256


def _check_str(x: object, what: str) -> None:
    if not isinstance(x, str):
        raise TypeError(f"{what} as a str, got {type(x).__name__}")


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"k must be an int, got {k!r}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")


def train(corpus: str, k: int) -> list[tuple[int, int]]:
    """Learn up to k merges on the UTF-8 bytes of `corpus`: a list of (left id, right id)."""
    _check_str(corpus, "train expects corpus")
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


def _ranks(merges, fn: str) -> dict[tuple[int, int], int]:
    if not isinstance(merges, (list, tuple)):
        raise TypeError(f"{fn} expects merges as a list of (int, int) pairs, got {type(merges).__name__}")
    ranks = {}
    for r, m in enumerate(merges):
        if not (isinstance(m, (list, tuple)) and len(m) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in m)):
            raise TypeError(f"{fn}: merge {r} must be a pair of ints, got {m!r}")
        a, b = m
        if not (0 <= a < N_BYTES + r and 0 <= b < N_BYTES + r):
            raise ValueError(f"merge {r} {tuple(m)!r} uses an id that does not exist yet")
        ranks[(a, b)] = r
    return ranks


def encode(text: str, merges) -> list[int]:
    """Token ids of `text`: its UTF-8 bytes with `merges` applied in training order."""
    _check_str(text, "encode expects text")
    ranks = _ranks(merges, "encode")
    tok = list(text.encode("utf-8"))
    n = len(tok)
    if n < 2 or not ranks:
        return tok
    nxt = list(range(1, n + 1))
    nxt[-1] = -1
    prev = list(range(-1, n - 1))
    # Lowest rank first, then leftmost: the same result as applying merge 0 everywhere,
    # then merge 1, ... (a merge can never recreate an earlier merge's pair).
    heap = [(ranks[(tok[i], tok[i + 1])], i) for i in range(n - 1) if (tok[i], tok[i + 1]) in ranks]
    heapq.heapify(heap)
    while heap:
        r, i = heapq.heappop(heap)
        j = nxt[i] if tok[i] != -1 else -1
        if j == -1 or ranks.get((tok[i], tok[j])) != r:
            continue  # stale: i or its neighbour changed since this entry was pushed
        tok[i], tok[j] = N_BYTES + r, -1
        q = nxt[j]
        nxt[i] = q
        if q != -1:
            prev[q] = i
            r2 = ranks.get((tok[i], tok[q]))
            if r2 is not None:
                heapq.heappush(heap, (r2, i))
        p = prev[i]
        if p != -1:
            r2 = ranks.get((tok[p], tok[i]))
            if r2 is not None:
                heapq.heappush(heap, (r2, p))
    return [t for t in tok if t != -1]


def decode(ids, merges) -> str:
    """Invert `encode`: expand every id to its bytes, then decode the whole as UTF-8."""
    if not isinstance(ids, (list, tuple)):
        raise TypeError(f"decode expects ids as a list of ints, got {type(ids).__name__}")
    _ranks(merges, "decode")
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
