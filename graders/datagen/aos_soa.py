"""Student records for layout.aos_soa: the deck's `student[i].marks` / `student[i].grade`."""
from __future__ import annotations

import numpy as np

# An array of structures: 86 bytes a record (packed), of which `marks` is 8.
STUDENT = np.dtype([("id", "<i8"), ("name", "<U16"), ("marks", "<f8"), ("grade", "<U1"), ("year", "<i2")])

# The deck's struct node {int a; double b; char c;}, laid out as a C compiler would.
NODE = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "S1")], align=True)

_FIRST = ("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim")


def students(n: int, seed: int = 0) -> np.ndarray:
    """n deterministic student records; marks uniform in [0, 100], grade empty."""
    rng = np.random.default_rng(seed)
    out = np.zeros(n, STUDENT)
    out["id"] = np.arange(1, n + 1) * 7 + 1000
    out["name"] = np.asarray(_FIRST)[rng.integers(0, len(_FIRST), n)]
    out["marks"] = np.round(rng.uniform(0, 100, n), 2)
    out["year"] = rng.integers(1, 5, n)
    return out
