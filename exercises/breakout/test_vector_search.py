"""Visible tests for breakout.vector_search. Run: pytest exercises/breakout/test_vector_search.py"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import vector_search as gen

vs = kata("breakout.vector_search")

# The statement's four products, and a query near item 11.
STATEMENT_ITEMS = {"id": [10, 11, 12, 13], "category": ["books", "books", "toys", "toys"],
                   "price": [12.0, 30.0, 8.0, 15.0], "vec": [[0, 0], [1, 0], [0, 1], [3, 3]]}
NEAR_11 = [0.9, 0.1]


def small(vectors, ids=None, categories=None, prices=None):
    n = len(vectors)
    return {"id": ids if ids is not None else list(range(100, 100 + n)),
            "category": categories or ["books"] * n, "price": prices or [10.0] * n, "vec": vectors}


@pytest.fixture(scope="module")
def catalogue():
    """2,000 clustered 32-d embeddings; exact answers taken before and after the index."""
    data = gen.items(2000, 32, seed=1)
    queries = gen.queries(data, 30, seed=2)
    table = vs.VectorTable(data)
    before = [table.exact_topk(q, 10) for q in queries[:5]]
    table.build_index()
    yield gen.Oracle(data), queries, table, before
    table.close()


def test_statement_example():
    t = vs.VectorTable(STATEMENT_ITEMS)
    got = t.exact_topk(NEAR_11, k=2)
    assert got == [11, 10], f"exact_topk({NEAR_11}, k=2) returned {got}, expected [11, 10]"
    t.build_index()
    got = t.ann_topk(NEAR_11, k=2)
    assert got == [11, 10], f"ann_topk({NEAR_11}, k=2) returned {got}, expected [11, 10]"
    got = t.filtered_topk(NEAR_11, k=2, category="toys", max_price=20.0)
    assert got == [12, 13], f"filtered_topk({NEAR_11}, k=2, category='toys', max_price=20.0) returned {got}, expected [12, 13]"
    got = t.filtered_topk(NEAR_11, k=2, category="books", max_price=20.0)
    assert got == [10], f"filtered_topk(..., category='books', max_price=20.0) returned {got}, expected [10]: only one book under 20"
    got = t.exact_topk(NEAR_11, k=10)
    assert got == [11, 10, 12, 13], f"exact_topk({NEAR_11}, k=10) on 4 items returned {got}, expected all 4 nearest first"
    t.close()


def test_exact_topk_equals_numpy_before_and_after_the_index(catalogue):
    oracle, queries, table, before = catalogue
    for i, got in enumerate(before):
        problem = oracle.mismatch(got, queries[i], 10)
        assert problem is None, f"exact_topk(queries[{i}], 10) before build_index: {problem}"
    for i, q in enumerate(queries[:10]):
        got = table.exact_topk(q, 10)
        problem = oracle.mismatch(got, q, 10)
        assert problem is None, f"exact_topk(queries[{i}], 10) after build_index: {problem} (still a full scan?)"


def test_ties_go_by_distance_then_id():
    # ids 7, 3 and 5 share one vector: they tie, and the smaller id comes first.
    t = vs.VectorTable(small([[1, 1], [1, 1], [0, 0], [1, 1], [5, 5]], ids=[7, 3, 9, 5, 1]))
    got = t.exact_topk([1, 1], k=4)
    assert got == [3, 5, 7, 9], f"exact_topk([1, 1], k=4) returned {got}, expected [3, 5, 7, 9] (ties by id)"
    t.close()


def test_ann_topk_uses_the_index_and_finds_the_neighbours(catalogue):
    oracle, queries, table, _ = catalogue
    plan = table.explain_ann(queries[0], 10)
    assert "HNSW_INDEX_SCAN" in plan, f"explain_ann(query, 10) has no HNSW_INDEX_SCAN: the index is not used:\n{plan}"
    recalls = [oracle.recall(table.ann_topk(q, 10), q, 10) for q in queries]
    assert np.mean(recalls) >= 0.95, f"ann_topk recall@10 is {np.mean(recalls):.3f} over 30 queries, expected >= 0.95 ({recalls})"
    got = table.ann_topk(queries[0], 3)
    assert len(got) == 3 and all(isinstance(i, int) for i in got), f"ann_topk(query, 3) returned {got!r}, expected 3 Python ints"


@pytest.mark.parametrize("category, max_price", [(None, 40.0), ("books", None), ("toys", 30.0), ("beauty", 12.0)],
                         ids=["price<40", "books", "toys<30", "beauty<12"])
def test_filtered_topk_keeps_k_results_and_recall(catalogue, category, max_price):
    oracle, queries, table, _ = catalogue
    matching = int(gen.mask(oracle.data, category, max_price).sum())
    recalls = []
    for i, q in enumerate(queries):
        got = table.filtered_topk(q, 10, category=category, max_price=max_price)
        expected = oracle.topk(q, 10, category, max_price)[0]
        assert len(got) == min(10, matching), (
            f"filtered_topk(queries[{i}], 10, category={category!r}, max_price={max_price}) returned {len(got)} ids, "
            f"expected {min(10, matching)} ({matching} rows match): post-filtering the index's top 10 loses rows"
        )
        recalls.append(gen.recall(got, expected))
    assert np.mean(recalls) >= 0.95, f"filtered_topk recall@10 is {np.mean(recalls):.3f} ({matching} of 2000 rows match), expected >= 0.95"


def test_filter_matching_nothing_or_few():
    t = vs.VectorTable(STATEMENT_ITEMS)
    t.build_index()
    got = t.filtered_topk(NEAR_11, k=3, category="garden")
    assert got == [], f"filtered_topk(..., category='garden') returned {got}, expected [] (no garden items)"
    got = t.filtered_topk(NEAR_11, k=3, max_price=8.0)
    assert got == [], f"filtered_topk(..., max_price=8.0) returned {got}, expected []: price < 8.0 is strict"
    got = t.filtered_topk(NEAR_11, k=3, max_price=12.5)
    assert got == [10, 12], f"filtered_topk(..., max_price=12.5) returned {got}, expected [10, 12]"
    t.close()


def test_metric_changes_the_answer():
    # Item 100 points the same way as the query but is far; item 101 is near but at 45 degrees.
    items = small([[10.0, 0.0], [1.0, 1.0]])
    for metric, expected in [("l2sq", [101, 100]), ("cosine", [100, 101]), ("ip", [100, 101])]:
        t = vs.VectorTable(items, metric=metric)
        got = t.exact_topk([1.0, 0.0], k=2)
        assert got == expected, f"VectorTable(items, metric={metric!r}).exact_topk([1, 0], 2) returned {got}, expected {expected}"
        t.build_index()
        got = t.ann_topk([1.0, 0.0], k=1)
        assert got == expected[:1], f"metric={metric!r}: ann_topk([1, 0], 1) returned {got}, expected {expected[:1]}"
        t.close()


def test_cosine_index_is_used_with_its_own_function(catalogue):
    data = {key: value[:500] for key, value in catalogue[0].data.items()}
    t = vs.VectorTable(data, metric="cosine")
    t.build_index()
    q = catalogue[1][3]
    assert "HNSW_INDEX_SCAN" in t.explain_ann(q, 5), "a cosine index needs array_cosine_distance in the ORDER BY"
    problem = gen.mismatch(t.exact_topk(q, 5), data, q, 5, "cosine")
    assert problem is None, f"cosine exact_topk(q, 5): {problem}"
    t.close()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: vs.VectorTable(STATEMENT_ITEMS, metric="euclid"), "euclid"),
        (lambda: vs.VectorTable(STATEMENT_ITEMS).exact_topk([1.0, 2.0, 3.0], 2), r"\b3\b.*\b2\b"),
        (lambda: vs.VectorTable(STATEMENT_ITEMS).exact_topk([float("nan"), 0.0], 2), "finite"),
        (lambda: vs.VectorTable(STATEMENT_ITEMS).exact_topk([1.0, 0.0], 0), "k"),
        (lambda: vs.VectorTable(STATEMENT_ITEMS).ann_topk([1.0, 0.0], -1), "k"),
    ],
    ids=["unknown-metric", "wrong-dimension", "nan-query", "k-zero", "k-negative"],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


coords = st.integers(-3, 3).map(float)


@settings(max_examples=30)  # a new table per example
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
           st.lists(st.lists(coords, min_size=d, max_size=d), min_size=1, max_size=25),
           st.lists(coords, min_size=d, max_size=d))),
       st.integers(1, 30), st.sampled_from(["l2sq", "cosine", "ip"]))
def test_exact_topk_equals_numpy_with_ties(vectors_and_query, k, metric):
    vectors, query = vectors_and_query
    if metric == "cosine":  # the cosine of a zero vector is undefined
        vectors = [v for v in vectors if any(v)] or [[1.0] * len(query)]
        query = query if any(query) else [1.0] * len(query)
    items = small(vectors, ids=list(range(len(vectors), 0, -1)))  # ids run opposite to the rows
    data = {key: np.asarray(value) for key, value in items.items()}
    t = vs.VectorTable(items, metric=metric)
    try:
        got = t.exact_topk(query, k)
    finally:
        t.close()
    problem = gen.mismatch(got, data, np.asarray(query), k, metric)
    assert problem is None, f"exact_topk({query}, {k}) with metric={metric!r} on {vectors}: {problem}"


def test_a_str_query_is_refused(catalogue):
    _, _, table, _ = catalogue
    with pytest.raises(ValueError, match="query must be a vector of numbers, got str"):
        table.exact_topk("red shoes", 3)
