"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: correct but slow: recounts every pair of the whole corpus after each merge (O(k n)).
"""
REPLACE = [
    (
        r"""
import heapq
from collections import defaultdict

""",
        r"""
from collections import Counter

""",
    ),
    (
        r'''
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
''',
        r"""
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
    _check_str(corpus, "train expects corpus")
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
""",
    ),
    (
        r"""
def _ranks(merges, fn: str) -> dict[tuple[int, int], int]:
    if not isinstance(merges, (list, tuple)):
        raise TypeError(f"{fn} expects merges as a list of (int, int) pairs, got {type(merges).__name__}")
    ranks = {}
    for r, m in enumerate(merges):
""",
        r"""
def _check(merges, fn: str) -> list[tuple[int, int]]:
    if not isinstance(merges, (list, tuple)):
        raise TypeError(f"{fn} expects merges as a list of (int, int) pairs, got {type(merges).__name__}")
    out = []
    for r, m in enumerate(merges):
""",
    ),
    (
        r"""            raise ValueError(f"merge {r} {tuple(m)!r} uses an id that does not exist yet")
        ranks[(a, b)] = r
    return ranks

""",
        r"""            raise ValueError(f"merge {r} {tuple(m)!r} uses an id that does not exist yet")
        out.append((a, b))
    return out

""",
    ),
    (
        r'''def encode(text: str, merges) -> list[int]:
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

''',
        r"""def encode(text: str, merges) -> list[int]:
    _check_str(text, "encode expects text")
    ids = list(text.encode("utf-8"))
    for r, pair in enumerate(_check(merges, "encode")):
        ids = _merge(ids, pair, N_BYTES + r)
    return ids

""",
    ),
    (
        r'''def decode(ids, merges) -> str:
    """Invert `encode`: expand every id to its bytes, then decode the whole as UTF-8."""
    if not isinstance(ids, (list, tuple)):
        raise TypeError(f"decode expects ids as a list of ints, got {type(ids).__name__}")
    _ranks(merges, "decode")
    vocab = [bytes([b]) for b in range(N_BYTES)]
    for a, b in merges:
        vocab.append(vocab[a] + vocab[b])
''',
        r"""def decode(ids, merges) -> str:
    if not isinstance(ids, (list, tuple)):
        raise TypeError(f"decode expects ids as a list of ints, got {type(ids).__name__}")
    vocab = [bytes([b]) for b in range(N_BYTES)]
    for a, b in _check(merges, "decode"):
        vocab.append(vocab[a] + vocab[b])
""",
    ),
    (
        r"""        data += vocab[i]
    # One decode of all the bytes: a character may span two tokens.
    try:
""",
        r"""        data += vocab[i]
    try:
""",
    ),
]
