"""Rides and an oracle for storage.lakehouse.

`batch(i, n)` makes a deterministic batch of rides (plain dict of lists). `Model` is the
expected table in plain Python: the rows of every version, kept by replaying appends,
overwrites and added columns, with no Delta code at all. `delta_rows(path, version)` reads a
table with the real deltalake package (delta-rs), and `rows(table)` turns an Arrow table
into a comparable, order-free list.
"""
from __future__ import annotations

import random

CITIES = ["San Francisco", "Oakland", "San Jose", "New York", "São Paulo"]


def batch(i: int, n: int = 3, seed: int = 0, columns=("ride_id", "city", "price")) -> dict:
    """n rides of batch i; ride ids i*1000 .. i*1000+n-1. Extra columns (tip, paid) get values."""
    rnd = random.Random(seed * 7919 + i)
    out: dict[str, list] = {c: [] for c in columns}
    for k in range(n):
        for c in columns:
            if c == "ride_id":
                out[c].append(i * 1000 + k)
            elif c == "city":
                out[c].append(rnd.choice(CITIES))
            elif c == "price":
                out[c].append(round(rnd.uniform(3, 90), 2))
            elif c == "tip":
                out[c].append(rnd.choice([None, round(rnd.uniform(0, 10), 2)]))
            elif c == "paid":
                out[c].append(rnd.choice([True, False]))
            else:
                out[c].append(f"{c}-{i}-{k}")
    return out


def _key(row: dict) -> str:
    return repr(sorted(row.items()))


def rows(table) -> list[dict]:
    """The rows of an Arrow table as dicts, in a canonical order (order is not part of a table)."""
    return sorted(table.to_pylist(), key=_key)


def delta_table(path: str, version: int | None = None):
    """The table deltalake reads at `version` (latest when None), as a pyarrow Table.

    Through deltalake's own query engine rather than DeltaTable.to_pyarrow_table(): the same
    log replay, without pyarrow.dataset's import of pandas (a third of a second per run)."""
    import deltalake
    import pyarrow as pa

    dt = deltalake.DeltaTable(str(path)) if version is None else deltalake.DeltaTable(str(path), version=version)
    reader = deltalake.QueryBuilder().register("t", dt).execute("select * from t")
    table = pa.RecordBatchReader.from_stream(reader).read_all()
    # its engine hands strings out as string_view; the tables here store plain strings
    return table.cast(pa.schema([pa.field(f.name, pa.string() if f.type == pa.string_view() else f.type)
                                 for f in table.schema]))


def delta_rows(path: str, version: int | None = None) -> list[dict]:
    """The rows deltalake reads at `version` (latest when None), canonical order."""
    return rows(delta_table(path, version))


def delta_columns(path: str, version: int) -> list[str]:
    return delta_table(path, version).column_names


class Model:
    """The expected rows of every version of a table: appends, overwrites, added columns."""

    def __init__(self):
        self.columns: list[str] = []
        self.versions: list[list[dict]] = []

    def write(self, data: dict, mode: str = "append") -> int:
        for c in data:
            if c not in self.columns:
                self.columns.append(c)
        n = len(next(iter(data.values())))
        new = [{c: data[c][k] for c in data} for k in range(n)]
        old = self.versions[-1] if self.versions and mode == "append" else []
        current = [dict(r) for r in old] + new
        for r in current:
            for c in self.columns:
                r.setdefault(c, None)
        self.versions.append(sorted(current, key=_key))
        return len(self.versions) - 1

    def at(self, version: int) -> list[dict]:
        return self.versions[version]
