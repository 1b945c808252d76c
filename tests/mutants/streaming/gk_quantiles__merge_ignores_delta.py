"""Bounded memory, approximate: the Greenwald-Khanna quantile summary.

MUTANT (must fail the hidden tests): the merge test leaves out the survivor's delta, so merged tuples break
the invariant g + delta <= 2 eps n and ranks drift beyond eps n.
"""
REPLACE = [
    (
        r"""            if g[i] + keep_g[-1] + keep_d[-1] <= limit:
""",
        r"""            if g[i] + keep_g[-1] <= limit:  # BUG: forgets the survivor's delta
""",
    ),
]
