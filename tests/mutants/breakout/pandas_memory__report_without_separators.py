"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): memory_report counts only the values' characters, not the comma
or newline after each.
"""
REPLACE = [
    (
        r"""    text = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    n = len(text)
    csv_bytes = [int(text[name].str.len().sum()) + n for name in frame.columns]
    pandas_bytes = [int(frame[name].memory_usage(index=False, deep=True)) for name in frame.columns]
    report = pd.DataFrame(
""",
        r"""    text = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    n = len(text)
    csv_bytes = [int(text[name].str.len().sum()) for name in frame.columns]  # BUG: no separators
    pandas_bytes = [int(frame[name].memory_usage(index=False, deep=True)) for name in frame.columns]
    report = pd.DataFrame(
""",
    ),
]
