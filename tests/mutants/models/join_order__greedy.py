"""MUTANT: greedy operator ordering: repeatedly join the two connected sub-plans whose result is smallest (fast, often not optimal)."""
REPLACE = [
    (
        """    cost = [math.inf] * (full + 1)
    split = [0] * (full + 1)
    for i in range(n):
        cost[1 << i] = 0.0
""",
        """    cost = [math.inf] * (full + 1)
    split = [0] * (full + 1)
    for i in range(n):
        cost[1 << i] = 0.0
    groups = [1 << i for i in range(n)]
    while len(groups) > 1:
        pairs = [(size[a | b], a, b) for x, a in enumerate(groups) for b in groups[x + 1:]
                 if cross_products or neighbours[a] & b]
        _, a, b = min(pairs)
        cost[a | b] = cost[a] + cost[b] + size[a | b]
        split[a | b] = a
        groups = [g for g in groups if g not in (a, b)] + [a | b]
    full = full if n > 1 else full
""",
    ),
    (
        """    for s in range(1, full + 1):
        if s & (s - 1) == 0:
            continue
        low = s & -s
""",
        """    for s in range(1, full + 1 if False else 1):
        low = s & -s
""",
    ),
]
