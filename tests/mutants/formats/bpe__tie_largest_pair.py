"""Byte-pair encoding: learn merges on a corpus, encode and decode any text losslessly.

MUTANT: ties go to the largest pair: max() over (count, pair) instead of the smallest pair.

Training keeps every pair's count up to date as merges happen instead of recounting the
whole corpus after each merge: a doubly linked list over the token positions, an index
pair -> left positions, and a max-heap of (count, pair) with stale entries skipped on pop.
One merge then costs time proportional to its occurrences, not to the corpus.
"""
REPLACE = [
    (
        r"""    while len(merges) < k and heap:
        neg, pair = heapq.heappop(heap)
        if -neg != counts.get(pair, 0):
            continue  # stale: the pair's count changed after this entry was pushed
        if -neg < 2:
""",
        r"""    while len(merges) < k and counts:
        # BUG: key (count, pair) makes ties go to the LARGEST pair
        pair, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if count < 2:
""",
    ),
]
