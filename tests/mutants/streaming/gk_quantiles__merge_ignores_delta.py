"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): the merge test leaves out the survivor's delta, so merged tuples break
the invariant g + delta <= 2 eps n and ranks drift beyond eps n.
"""
REPLACE = [
    (
        r"""        keep_v, keep_g, keep_d = [v[-1]], [g[-1]], [d[-1]]
        for i in range(len(v) - 2, 0, -1):
            if g[i] + keep_g[-1] + keep_d[-1] <= limit:
                keep_g[-1] += g[i]
            else:
""",
        r"""        keep_v, keep_g, keep_d = [v[-1]], [g[-1]], [d[-1]]
        for i in range(len(v) - 2, 0, -1):
            if g[i] + keep_g[-1] <= limit:  # BUG: forgets the survivor's delta
                keep_g[-1] += g[i]
            else:
""",
    ),
]
