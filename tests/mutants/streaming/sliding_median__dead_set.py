"""Sliding-window median: two heaps with lazy deletion, O(log k) per step.

MUTANT (must fail the hidden tests): the lazy deletions go in a set, so a value that leaves twice before it
reaches a heap top is deleted once.
"""
REPLACE = [
    (
        r"""    low: list[float] = []  # max-heap (negated): the smaller ceil(k/2) live values, plus dead ones
    high: list[float] = []  # min-heap: the larger floor(k/2) live values, plus dead ones
    dead: Counter = Counter()  # value -> copies that left the window but still sit in a heap

    def rebuild(window: list[float]) -> None:
""",
        r"""    low: list[float] = []  # max-heap (negated): the smaller ceil(k/2) live values, plus dead ones
    high: list[float] = []  # min-heap: the larger floor(k/2) live values, plus dead ones
    dead: set = set()  # BUG: a set forgets the second copy of a value

    def rebuild(window: list[float]) -> None:
""",
    ),
    (
        r"""    def prune() -> None:
        # Only a dead value on a top can mislead; dead values deeper down wait their turn.
        while low and dead[-low[0]]:
            dead[-heapq.heappop(low)] -= 1
        while high and dead[high[0]]:
            dead[heapq.heappop(high)] -= 1

    rebuild(values[:k])
""",
        r"""    def prune() -> None:
        # Only a dead value on a top can mislead; dead values deeper down wait their turn.
        while low and -low[0] in dead:
            dead.discard(-heapq.heappop(low))
        while high and high[0] in dead:
            dead.discard(heapq.heappop(high))

    rebuild(values[:k])
""",
    ),
    (
        r"""        # Equal values are interchangeable, so a leaving value equal to the low top is
        # charged to low; prune() then removes whichever copy surfaces first.
        dead[leaving] += 1
        balance = -1 if leaving <= -low[0] else 1
        if entering <= -low[0]:
""",
        r"""        # Equal values are interchangeable, so a leaving value equal to the low top is
        # charged to low; prune() then removes whichever copy surfaces first.
        dead.add(leaving)
        balance = -1 if leaving <= -low[0] else 1
        if entering <= -low[0]:
""",
    ),
]
