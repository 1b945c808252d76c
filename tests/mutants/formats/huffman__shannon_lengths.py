"""Mutant of formats.huffman: Shannon code lengths ceil(-log2 p) with canonical codewords.

Prefix-free and within one bit of the entropy, but not optimal: the deck's text costs more than 135 bits.
"""
REPLACE = [
    (
        r"""import heapq
import itertools
""",
        r"""import math
""",
    ),
    (
        r'''    """An optimal prefix code for `freqs`: symbol -> bit string such as '0110'."""
''',
        r"""""",
    ),
    (
        r"""        # A zero-length code could not be decoded: one symbol still costs one bit.
""",
        r"""""",
    ),
    (
        r"""    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
    heap = [(weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
        w1, _, left = heapq.heappop(heap)
        w2, _, right = heapq.heappop(heap)
        merged = {s: "0" + c for s, c in left.items()}
        merged.update({s: "1" + c for s, c in right.items()})
        heapq.heappush(heap, (w1 + w2, next(order), merged))
    return heap[0][2]


""",
        r"""    total = sum(freqs.values())
    lengths = {s: max(1, math.ceil(-math.log2(w / total))) for s, w in freqs.items()}
    code, value, previous = {}, 0, None
    for symbol in sorted(lengths, key=lambda s: (lengths[s], s)):
        length = lengths[symbol]
        if previous is not None:
            value = (value + 1) << (length - previous)
        code[symbol] = format(value, f"0{length}b")
        previous = length
    return code
""",
    ),
]
