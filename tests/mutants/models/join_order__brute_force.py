"""MUTANT: a brute force: every bushy plan is built and costed, nothing remembered per subset (right answer, exponential in plans)."""
REPLACE = [
    (
        """    def build(s: int):
        if s & (s - 1) == 0:
            return names[s.bit_length() - 1]
        return (build(split[s]), build(s ^ split[s]))

    return build(full), cost[full]
""",
        """    def every(s: int):
        if s & (s - 1) == 0:
            yield names[s.bit_length() - 1], 0.0
            return
        low = s & -s
        left = (s - 1) & s
        while left:
            right = s ^ left
            if left & low and (cross_products or neighbours[left] & right):
                for lp, lc in every(left):
                    for rp, rc in every(right):
                        yield (lp, rp), lc + rc + size[s]
            left = (left - 1) & s

    return min(every(full), key=lambda pc: pc[1])
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
