"""Row- vs column-major: the same data, three layouts, and the access pattern that fits each.

Mutant: mean_gain loops over rows with itertuples (too slow).
"""
REPLACE = [
    (
        r"""    dep = df["dep_delay"].to_numpy(dtype=np.float64, na_value=np.nan)
    arr = df["arr_delay"].to_numpy(dtype=np.float64, na_value=np.nan)
    gain = dep - arr
    gain = gain[~np.isnan(gain)]
    if gain.size == 0:
""",
        r"""    # itertuples skips building a Series per row: about 10x faster than iterrows, not 50x.
    total, count = 0.0, 0
    for row in df.itertuples(index=False):
        dep, arr = row.dep_delay, row.arr_delay
        if pd.isna(dep) or pd.isna(arr):
            continue
        total += dep - arr
        count += 1
    if count == 0:
""",
    ),
    (
        r"""    return float(gain.mean())
""",
        r"""    return total / count
""",
    ),
]
