"""Why pandas needs 5-10x the RAM: the naive load-and-aggregate, a lean one, and where memory goes.

MUTANT (must fail the hidden tests): the naive read of every column, only pinned to one reader
thread. Without pandas 3.1's per-thread buffers its peak drops under a third of the naive
peak on two threads, yet it still holds the whole file as a frame: about 3x the file.
"""
REPLACE = [
    (
        r"""    reader = pd.read_csv(
        path, usecols=NEEDED, chunksize=CHUNK_ROWS,
        dtype={"carrier": "str", "month": "int64", "arr_delay": "float64"},
    )
""",
        r"""    # BUG (memory): the naive read of every column, on one reader thread
    with pd.option_context("mode.max_threads", 1):
        df = pd.read_csv(path)
    return (
        df.groupby(KEYS)["arr_delay"]
        .agg(flights="size", mean_arr_delay="mean")
        .reset_index()
    )
    reader = pd.read_csv(
        path, usecols=NEEDED, chunksize=CHUNK_ROWS,
        dtype={"carrier": "str", "month": "int64", "arr_delay": "float64"},
    )
""",
    ),
]
