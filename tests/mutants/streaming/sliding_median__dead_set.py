"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

MUTANT (must fail the hidden tests): the lazy deletions go in a set, so a value that leaves twice before it
reaches a heap top is deleted once.
"""
REPLACE = [
    (
        r"""    dead: Counter = Counter()  # value -> copies that left the window but still sit in a heap
""",
        r"""    dead: set = set()  # BUG: a set forgets the second copy of a value
""",
    ),
    (
        r"""        while low and dead[-low[0]]:
            dead[-heapq.heappop(low)] -= 1
        while high and dead[high[0]]:
            dead[heapq.heappop(high)] -= 1
""",
        r"""        while low and -low[0] in dead:
            dead.discard(-heapq.heappop(low))
        while high and high[0] in dead:
            dead.discard(heapq.heappop(high))
""",
    ),
    (
        r"""        dead[leaving] += 1
""",
        r"""        dead.add(leaving)
""",
    ),
]
