"""Embeddings, queries and the exact-search oracle for breakout.vector_search.

`items(n, d, kind=..., seed=...)` makes a deterministic catalogue of n products, each with
an embedding, a category and a price, as plain columns:

    {"id": int64[n], "category": str[n] (object array), "price": float64[n], "vec": float32[n, d]}

No model is downloaded: the vectors only look like real embeddings.
- kind="clustered" (the default): topics (clusters) of Zipf-like sizes in a low-dimensional
  latent space with a power-law spectrum, rotated into d dimensions, plus a shared mean
  direction (real sentence embeddings all lean one way, which is why cosine and L2 rank
  differently) and a little isotropic noise. A cluster has a home category that most of
  its items carry, so a category filter keeps some topics and drops others.
- kind="isotropic": plain N(0, I) vectors, the hard case for graph indexes.
Ids are distinct but not 0..n-1 (row numbers are not ids).

`queries(data, m, seed=..., off_share=...)` draws m query vectors near the data (a random
item plus noise) and a share of off-distribution ones (far from every cluster).

The oracle is plain numpy in float64: `Oracle(data, metric)` converts the vectors once and
answers `topk` (ties by distance, then id), `mismatch` (why a top-k list is not the exact
one, or None) and `recall`; `exact_topk`, `mismatch` and `distances` are one-call shortcuts.
"""
from __future__ import annotations

import numpy as np

CATEGORIES = ("books", "electronics", "garden", "toys", "kitchen", "sports", "beauty", "music")
MEDIAN_PRICE = {"books": 14.0, "electronics": 180.0, "garden": 45.0, "toys": 25.0,
                "kitchen": 60.0, "sports": 70.0, "beauty": 22.0, "music": 18.0}
METRICS = ("l2sq", "cosine", "ip")


def items(n: int, d: int = 64, *, kind: str = "clustered", n_clusters: int | None = None,
          seed: int = 0) -> dict:
    """A catalogue of n products with d-dimensional float32 embeddings (see the module doc)."""
    rng = np.random.default_rng(seed)
    if kind == "clustered":
        vec, topic = _clustered(rng, n, d, n_clusters or max(8, min(64, n // 300)))
        home = rng.integers(0, len(CATEGORIES), topic.max() + 1)
        cat_idx = np.where(rng.random(n) < 0.75, home[topic], rng.integers(0, len(CATEGORIES), n))
    elif kind == "isotropic":
        vec = rng.standard_normal((n, d)).astype(np.float32)
        cat_idx = rng.integers(0, len(CATEGORIES), n)
    else:
        raise ValueError(f"unknown kind {kind!r}: use 'clustered' or 'isotropic'")
    category = np.array(CATEGORIES, dtype=object)[cat_idx]
    median = np.array([MEDIAN_PRICE[c] for c in CATEGORIES])[cat_idx]
    price = np.round(median * rng.lognormal(0.0, 0.6, n), 2)
    ids = np.sort(rng.choice(10 * n + 10, size=n, replace=False)).astype(np.int64)
    ids = ids[rng.permutation(n)]  # stored in no particular id order
    return {"id": ids, "category": category, "price": price, "vec": vec}


def _clustered(rng, n, d, n_clusters):
    r = min(d, 24)  # intrinsic dimension: embeddings live near a low-dimensional manifold
    spectrum = (1.0 + np.arange(r)) ** -0.6  # a few strong directions, a long tail
    basis, _ = np.linalg.qr(rng.standard_normal((d, r)))  # rotate the latent space into d dims
    weights = 1.0 / (1.0 + np.arange(n_clusters)) ** 0.8  # Zipf-like topic sizes
    topic = rng.choice(n_clusters, size=n, p=weights / weights.sum())
    centers = 1.2 * rng.standard_normal((n_clusters, r)) * spectrum
    spread = rng.uniform(0.35, 0.7, n_clusters)[:, None]  # some topics are tighter than others
    latent = centers[topic] + spread[topic] * rng.standard_normal((n, r)) * spectrum
    mean = rng.standard_normal(d)
    mean *= 1.5 / np.linalg.norm(mean)
    vec = latent @ basis.T + mean + 0.03 * rng.standard_normal((n, d))
    return vec.astype(np.float32), topic


def queries(data: dict, m: int, *, seed: int = 1, off_share: float = 0.1) -> np.ndarray:
    """m float32 query vectors: near random items, and about `off_share` of them far off."""
    rng = np.random.default_rng(seed)
    vec = data["vec"].astype(np.float64)
    n, d = vec.shape
    mean, std = vec.mean(axis=0), vec.std(axis=0).mean()
    near = vec[rng.integers(0, n, m)] + 0.25 * std * rng.standard_normal((m, d))
    n_off = int(round(off_share * m))
    if n_off:
        direction = rng.standard_normal((n_off, d))
        direction /= np.linalg.norm(direction, axis=1, keepdims=True)
        near[:n_off] = mean + 2.0 * std * np.sqrt(d) * direction  # about twice the data's radius
        near = near[rng.permutation(m)]
    return near.astype(np.float32)


def distances(vectors: np.ndarray, query: np.ndarray, metric: str = "l2sq") -> np.ndarray:
    """float64 distance from query to each row: l2sq -> Euclidean (same order as squared),
    cosine -> 1 - cosine similarity, ip -> minus the inner product (smaller = closer)."""
    return Oracle({"vec": vectors}, metric).distances(query)


class Oracle:
    """Exact search over one table by numpy in float64, vectors converted once."""

    def __init__(self, data: dict, metric: str = "l2sq") -> None:
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}")
        self.data, self.metric = data, metric
        self.x = np.asarray(data["vec"], dtype=np.float64)
        self.sq = (self.x * self.x).sum(axis=1)

    def distances(self, query: np.ndarray) -> np.ndarray:
        q = np.asarray(query, dtype=np.float64)
        dot = self.x @ q
        if self.metric == "l2sq":
            return np.sqrt(np.maximum(self.sq - 2.0 * dot + q @ q, 0.0))
        if self.metric == "cosine":
            return 1.0 - dot / (np.sqrt(self.sq) * np.sqrt(q @ q))
        return -dot

    def topk(self, query, k: int, category: str | None = None, max_price: float | None = None):
        """The exact top-k ids (ties by distance, then id) and their distances."""
        dist = self.distances(query)
        rows = np.flatnonzero(mask(self.data, category, max_price)) if (category, max_price) != (None, None) \
            else np.arange(len(dist))
        ids = np.asarray(self.data["id"])
        part = rows if len(rows) <= 4 * k + 64 else rows[np.argpartition(dist[rows], 4 * k + 63)[: 4 * k + 64]]
        order = part[np.lexsort((ids[part], dist[part]))][:k]
        if len(part) < len(rows) and len(order) == k:  # make sure no tie at the cut was left out
            cut = dist[order[-1]]
            tied = rows[dist[rows] <= cut]
            order = tied[np.lexsort((ids[tied], dist[tied]))][:k]
        return [int(i) for i in ids[order]], dist[order]

    def topk_many(self, queries, k: int, category: str | None = None, max_price: float | None = None) -> list:
        """exact top-k ids for each row of `queries`, from one matrix product (same ties)."""
        q = np.asarray(queries, dtype=np.float64)
        dot = q @ self.x.T
        if self.metric == "l2sq":
            dist = np.sqrt(np.maximum(self.sq - 2.0 * dot + (q * q).sum(axis=1)[:, None], 0.0))
        elif self.metric == "cosine":
            dist = 1.0 - dot / (np.sqrt(self.sq) * np.sqrt((q * q).sum(axis=1))[:, None])
        else:
            dist = -dot
        rows = np.flatnonzero(mask(self.data, category, max_price))
        ids = np.asarray(self.data["id"])[rows]
        return [[int(i) for i in ids[np.lexsort((ids, row))][:k]] for row in dist[:, rows]]

    def recall(self, got, query, k: int = 10, category=None, max_price=None) -> float:
        return recall(got, self.topk(query, k, category, max_price)[0])

    def mismatch(self, got, query, k: int, category=None, max_price=None, rel_tol: float = 1e-5):
        """None if `got` is the exact top-k, else a sentence saying what is wrong.

        DuckDB computes distances in float32 and numpy here in float64, so two items whose
        true distances differ by less than rel_tol (relative to the largest) may swap places;
        items with identical vectors (so exactly equal distances) must be in id order.
        """
        expected, exp_d = self.topk(query, k, category, max_price)
        got = [int(i) for i in got]
        if got == expected:
            return None
        if len(got) != len(expected):
            return f"returned {len(got)} ids, expected {len(expected)}: {got[:12]} vs {expected[:12]}"
        row_of = {int(i): r for r, i in enumerate(self.data["id"])}
        unknown = [i for i in got if i not in row_of]
        if unknown:
            return f"returned ids {unknown[:5]} that are not in the table"
        if len(set(got)) != len(got):
            return f"returned an id twice: {got}"
        rows = np.array([row_of[i] for i in got])
        if not mask(self.data, category, max_price)[rows].all():
            return f"returned ids that do not pass the filter (category={category!r}, price < {max_price})"
        got_d = self.distances(query)[rows]
        tol = rel_tol * max(float(np.abs(exp_d).max()) if len(exp_d) else 0.0, 1e-9)
        bad = np.flatnonzero(np.abs(got_d - exp_d) > tol)
        if len(bad):
            i = int(bad[0])
            return (f"rank {i}: got id {got[i]} at distance {got_d[i]:.6g}, expected id {expected[i]} "
                    f"at distance {exp_d[i]:.6g} (got {got[:10]}, expected {expected[:10]})")
        for i in range(len(got) - 1):  # identical vectors tie in any arithmetic: smaller id first
            if got[i] > got[i + 1] and np.array_equal(self.x[rows[i]], self.x[rows[i + 1]]):
                return (f"ids {got[i]} and {got[i + 1]} have the same vector, so the same distance: "
                        f"ties go by id, smaller first (got {got[:10]})")
        return None


def mask(data: dict, category: str | None = None, max_price: float | None = None) -> np.ndarray:
    """Rows passing the filter: category == category (if given) and price < max_price (if given)."""
    keep = np.ones(len(data["id"]), dtype=bool)
    if category is not None:
        keep &= np.asarray(data["category"]) == category
    if max_price is not None:
        keep &= np.asarray(data["price"], dtype=np.float64) < max_price
    return keep


def exact_topk(data: dict, query: np.ndarray, k: int, metric: str = "l2sq",
               category: str | None = None, max_price: float | None = None) -> tuple[list, np.ndarray]:
    """The exact top-k ids (ties by distance, then id) and their distances, by numpy."""
    return Oracle(data, metric).topk(query, k, category, max_price)


def mismatch(got, data: dict, query: np.ndarray, k: int, metric: str = "l2sq",
             category: str | None = None, max_price: float | None = None, rel_tol: float = 1e-5):
    """None if `got` is the exact top-k, else what is wrong (see Oracle.mismatch)."""
    return Oracle(data, metric).mismatch(got, query, k, category, max_price, rel_tol)


def recall(got, expected) -> float:
    """|got & expected| / |expected| (1.0 when nothing was expected)."""
    expected = set(int(i) for i in expected)
    return len(expected & set(int(i) for i in got)) / len(expected) if expected else 1.0
