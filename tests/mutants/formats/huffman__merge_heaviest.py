"""Mutant of formats.huffman: merges the two most frequent subtrees first (a max-heap), so the code is not optimal."""
REPLACE = [
    (
        r"""    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
    heap = [(weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
""",
        r"""    # Heap entries carry a tie-breaking counter so equal weights never compare the trees.
    order = itertools.count()
    heap = [(-weight, next(order), {symbol: ""}) for symbol, weight in freqs.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
""",
    ),
]
