"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: encode merges the most frequent known pair of the text first, not in training order.

Training keeps every pair's count up to date as merges happen instead of recounting the
whole corpus after each merge: a doubly linked list over the token positions, an index
pair -> left positions, and a max-heap of (count, pair) with stale entries skipped on pop.
One merge then costs time proportional to its occurrences, not to the corpus.
"""
REPLACE = [
    (
        r"""    nxt = list(range(1, n + 1))
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
""",
        r"""    # BUG: picks the most frequent mergeable pair of THIS text, not the earliest merge.
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
""",
    ),
]
