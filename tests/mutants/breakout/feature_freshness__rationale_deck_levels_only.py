"""Mutant of breakout.feature_freshness: writes the rationale with the deck's three levels only, calling the daily features 1h."""
REPLACE = [
    (
        r"""    return dict(RATIONALE[use_case])
""",
        r"""    # The deck offers <100ms, 10m and 1h: the slowest features get the slowest of those.
    return {name: text.replace(": 1d.", ": 1h.") for name, text in RATIONALE[use_case].items()}
""",
    ),
]
