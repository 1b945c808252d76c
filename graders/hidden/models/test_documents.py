"""Hidden tests for models.documents: 2,500 and 700 other real flights (planes with no year,
tails that planes lacks, cancelled flights), round trips through a file, schema-on-read errors
at every level with their JSON paths and line numbers, the question in both models against
pandas, the duplicated bytes against a computation from the tables, hypothesis-generated
tables (non-ASCII names, NULL and unknown tail numbers), empty input and bad input."""
import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import documents as gen

m = kata("models.documents")

FLIGHTS, AIRLINES, PLANES, FIRST = gen.FLIGHTS, gen.AIRLINES, gen.PLANES, gen.FIRST  # the statement's example
EMPTY = {c: [] for c in gen.FLIGHT_COLUMNS}


def same_answer(got, expected, how):
    assert set(got) == set(expected), f"{how} has the carriers {sorted(got)}, expected {sorted(expected)}"
    for carrier, seats in expected.items():
        ok = got[carrier] is None if seats is None else (got[carrier] is not None and math.isclose(got[carrier], seats))
        assert ok, f"{how}[{carrier!r}] is {got[carrier]}, expected {seats} (pandas)"


def check_everything(flights, airlines, planes, tmp_path=None):
    docs = m.to_documents(flights, airlines, planes)
    merged = gen.merged(flights, airlines, planes).to_dict("records")
    assert len(docs) == len(merged)
    for doc, row in zip(docs, merged):
        assert doc["carrier"] == {"code": row["carrier"], "name": row["name"]}, f"flight id {row['id']}: {doc['carrier']}"
        assert {c: doc[c] for c in gen.FLIGHT_COLUMNS if c != "carrier"} == {
            c: (None if row[c] != row[c] else row[c]) for c in gen.FLIGHT_COLUMNS if c != "carrier"}, f"flight id {row['id']}"
        if isinstance(row["model"], str):
            expected = {"year": None if row["plane_year"] != row["plane_year"] else row["plane_year"],
                        "manufacturer": row["manufacturer"], "model": row["model"], "seats": row["seats"]}
            assert doc["plane"] == expected, f"flight id {row['id']}: plane {doc['plane']}, expected {expected}"
        else:
            assert doc["plane"] is None, f"flight id {row['id']}: tail {row['tailnum']!r} has no plane, got {doc['plane']}"
    if tmp_path is not None:
        path = str(tmp_path / "docs.jsonl")
        m.store(docs, path)
        docs = m.read(path)
    back = m.from_documents(docs)
    assert back["flights"] == {c: list(flights[c]) for c in gen.FLIGHT_COLUMNS}, "the flights did not come back exactly"
    assert back["airlines"] == gen.used_airlines(flights, airlines), "airlines: one row per carrier used, first use first"
    assert back["planes"] == gen.used_planes(flights, planes), "planes: one row per known plane used, first use first"
    expected = gen.seats_per_carrier(flights, airlines, planes)
    same_answer(m.seats_per_carrier_sql(flights, airlines, planes), expected, "seats_per_carrier_sql")
    same_answer(m.seats_per_carrier_docs(docs), expected, "seats_per_carrier_docs")
    got, expected = m.duplication(docs), gen.expected_sizes(flights, airlines, planes)
    assert got == expected, f"duplication(documents) returned {got}, expected {expected}"
    return docs, got


# --- the statement and real data -------------------------------------------------------------

def test_the_statement_example_in_full(tmp_path):
    docs = m.to_documents(FLIGHTS, AIRLINES, PLANES)
    assert docs[0] == FIRST and list(docs[0]) == list(FIRST) and list(docs[0]["plane"]) == list(FIRST["plane"])
    assert list(docs[0]["carrier"]) == ["code", "name"]
    assert docs[1]["dep_delay"] is None and docs[1]["plane"] == FIRST["plane"]
    assert docs[2]["plane"] is None
    assert m.duplication(docs) == {"documents": 717, "tables": 612, "repeated_carriers": 44, "repeated_planes": 67}
    check_everything(FLIGHTS, AIRLINES, PLANES, tmp_path)
    assert m.seats_per_carrier_sql(FLIGHTS, AIRLINES, PLANES) == {"UA": 149.0, "AA": None}
    assert m.seats_per_carrier_docs(docs) == {"UA": 149.0, "AA": None}


def test_2500_real_flights_through_a_file(tmp_path):
    flights, airlines, planes = gen.tables(range(0, 5000, 2))
    docs, sizes = check_everything(flights, airlines, planes, tmp_path)
    assert any(d["plane"] is not None and d["plane"]["year"] is None for d in docs), "this sample has planes with no year"
    assert any(d["plane"] is None and d["tailnum"] is not None for d in docs), "this sample has tails that planes lacks"
    assert sizes["repeated_carriers"] > 0 and sizes["repeated_planes"] > 0 and sizes["documents"] > sizes["tables"]


def test_700_other_flights_without_the_file():
    check_everything(*gen.tables(range(1, 5000, 7)))


def test_extra_columns_are_ignored_and_unused_airlines_and_planes_dropped():
    flights = dict(FLIGHTS, air_time=[227, 150, 160])
    planes = {**{c: PLANES[c] + [v] for c, v in zip(gen.PLANE_COLUMNS, ["N1", None, "AIRBUS", "A320", 180])},
              "engines": [2, 2]}
    docs = m.to_documents(flights, AIRLINES, planes)
    assert "air_time" not in docs[0] and "engines" not in (docs[0]["plane"] or {}), f"extra columns leaked: {docs[0]}"
    assert m.from_documents(docs)["planes"]["tailnum"] == ["N14228"], "N1 is flown by no flight here"


def test_an_unknown_tail_number_keeps_its_tailnum():
    docs = m.to_documents(dict(FLIGHTS, tailnum=["N14228", "N999ZZ", None]), AIRLINES, PLANES)
    assert docs[1]["tailnum"] == "N999ZZ" and docs[1]["plane"] is None, f"got {docs[1]}"
    assert m.from_documents(docs)["flights"]["tailnum"] == ["N14228", "N999ZZ", None]


def test_empty_input():
    assert m.to_documents(EMPTY, AIRLINES, PLANES) == []
    back = m.from_documents([])
    assert back["flights"] == EMPTY and back["airlines"] == {"carrier": [], "name": []}
    assert back["planes"] == {c: [] for c in gen.PLANE_COLUMNS}
    assert m.seats_per_carrier_docs([]) == {} and m.seats_per_carrier_sql(EMPTY, AIRLINES, PLANES) == {}
    assert m.duplication([]) == {"documents": 0, "tables": 0, "repeated_carriers": 0, "repeated_planes": 0}


# --- schema-on-read --------------------------------------------------------------------------

def edited(change):
    doc = json.loads(json.dumps(FIRST))
    change(doc)
    return doc


BAD = [
    (lambda d: d["plane"].update(seats="many"), r"\$\.plane\.seats: 'many' is not of type 'integer'"),
    (lambda d: d["plane"].update(seats=True), r"\$\.plane\.seats: True is not of type 'integer'"),
    (lambda d: d["plane"].update(year="1999"), r"\$\.plane\.year: '1999' is not of type 'integer', 'null'"),
    (lambda d: d["plane"].update(speed=500), r"\$\.plane: Additional properties are not allowed \('speed' was unexpected\)"),
    (lambda d: d["plane"].pop("model"), r"\$\.plane: 'model' is a required property"),
    (lambda d: d.update(plane=[149]), r"\$\.plane: \[149\] is not of type 'object', 'null'"),
    (lambda d: d.update(carrier=None), r"\$\.carrier: None is not of type 'object'"),
    (lambda d: d["carrier"].update(code=9), r"\$\.carrier\.code: 9 is not of type 'string'"),
    (lambda d: d.update(month="1"), r"\$\.month: '1' is not of type 'integer'"),
    (lambda d: d.update(id=1.5), r"\$\.id: 1\.5 is not of type 'integer'"),
    (lambda d: d.update(tailnum=123), r"\$\.tailnum: 123 is not of type 'string', 'null'"),
    (lambda d: d.update(dep_delay="late"), r"\$\.dep_delay: 'late' is not of type 'integer', 'null'"),
    (lambda d: d.pop("plane"), r"\$: 'plane' is a required property"),
    (lambda d: d.pop("dest"), r"\$: 'dest' is a required property"),
]


@pytest.mark.parametrize("change, error", BAD, ids=[
    "seats-str", "seats-bool", "plane-year-str", "plane-extra", "plane-no-model", "plane-list", "carrier-null",
    "carrier-code-int", "month-str", "id-float", "tailnum-int", "dep-delay-str", "no-plane-key", "no-dest"])
def test_schema_on_read_names_the_path(tmp_path, change, error):
    good = [FIRST, dict(FIRST, id=8, dep_delay=None, plane=None, tailnum=None),
            dict(FIRST, id=9, plane=dict(FIRST["plane"], year=None))]
    path = str(tmp_path / "docs.jsonl")
    m.store(good + [edited(change)] + good, path)  # the bad one is on line 4
    with pytest.raises(m.DocumentError, match="^line 4: " + error):
        m.read(path)


def test_valid_variants_and_blank_lines_read_fine(tmp_path):
    good = [FIRST, dict(FIRST, id=8, dep_delay=None, plane=None, tailnum=None),
            dict(FIRST, id=9, plane=dict(FIRST["plane"], year=None)),
            dict(FIRST, id=10, carrier={"code": "B6", "name": "JetBlue Airways \u2708"})]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in good) + "\n\n   \n", encoding="utf-8")
    assert m.read(str(path)) == good


def test_line_numbers_count_blank_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(FIRST) + "\n\n\n" + json.dumps(edited(lambda d: d.update(day="one"))) + "\n",
                    encoding="utf-8")
    with pytest.raises(m.DocumentError, match=r"^line 4: \$\.day: 'one' is not of type 'integer'"):
        m.read(str(path))
    path.write_text(json.dumps(FIRST) + "\n" + "[1, 2\n", encoding="utf-8")
    with pytest.raises(m.DocumentError, match=r"^line 2: not JSON"):
        m.read(str(path))


def test_store_checks_nothing(tmp_path):
    path = str(tmp_path / "anything.jsonl")
    m.store([{"whatever": [1, 2]}, {"plane": "no schema here"}], path)
    lines = open(path, encoding="utf-8").read().splitlines()
    assert [json.loads(x) for x in lines] == [{"whatever": [1, 2]}, {"plane": "no schema here"}]
    assert all(": " not in x and ", " not in x for x in lines), f"store writes compact JSON: {lines}"
    with pytest.raises(m.DocumentError, match=r"^line 1: "):
        m.read(path)


# --- generated tables ----------------------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)


@st.composite
def three_tables(draw):
    codes = draw(st.lists(st.sampled_from(["AA", "UA", "B6", "DL", "Z9"]), min_size=1, max_size=5, unique=True))
    airlines = {"carrier": codes, "name": [draw(names) for _ in codes]}
    tails = draw(st.lists(st.sampled_from(["N1", "N2", "N3", "N4", "N5"]), max_size=5, unique=True))
    planes = {"tailnum": tails, "year": [draw(st.none() | st.integers(1950, 2013)) for _ in tails],
              "manufacturer": [draw(names) for _ in tails], "model": [draw(names) for _ in tails],
              "seats": [draw(st.integers(2, 450)) for _ in tails]}
    n = draw(st.integers(0, 25))
    flights = {"id": list(range(n)), "year": [2013] * n, "month": [draw(st.integers(1, 12)) for _ in range(n)],
               "day": [draw(st.integers(1, 28)) for _ in range(n)], "carrier": [draw(st.sampled_from(codes)) for _ in range(n)],
               "flight": [draw(st.integers(1, 9999)) for _ in range(n)],
               "tailnum": [draw(st.sampled_from([None, "N1", "N2", "N3", "N6", "N7"])) for _ in range(n)],
               "origin": [draw(st.sampled_from(["EWR", "JFK", "LGA"])) for _ in range(n)],
               "dest": [draw(names) for _ in range(n)], "distance": [draw(st.integers(17, 4983)) for _ in range(n)],
               "dep_delay": [draw(st.none() | st.integers(-30, 1300)) for _ in range(n)]}
    return flights, airlines, planes


@settings(max_examples=60, deadline=None, derandomize=True)
@given(three_tables())
@example((EMPTY, AIRLINES, PLANES))
@example((dict(FLIGHTS, tailnum=[None, None, None]), AIRLINES, PLANES))  # no plane anywhere: every average None
@example((FLIGHTS, {"carrier": ["UA", "AA"], "name": ["Ünïtéd ✈", "美国航空"]}, PLANES))  # bytes, not characters
def test_generated_tables_against_pandas(tables):
    check_everything(*tables)


# --- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: m.to_documents(FLIGHTS, {"carrier": ["UA"]}, PLANES), "airlines lacks the column 'name'"),
        (lambda: m.to_documents(FLIGHTS, AIRLINES, {k: v for k, v in PLANES.items() if k != "seats"}),
         "planes lacks the column 'seats'"),
        (lambda: m.to_documents([FIRST], AIRLINES, PLANES), "flights must be a dict of columns, got list"),
        (lambda: m.to_documents(FLIGHTS, AIRLINES, dict(PLANES, model=[])), "planes: column 'model' has 0 values, column 'tailnum' has 1"),
        (lambda: m.to_documents(dict(FLIGHTS, carrier=["XX", "UA", "AA"]), AIRLINES, PLANES),
         "flight id 7 has carrier 'XX', which airlines lacks"),
        (lambda: m.seats_per_carrier_sql({k: v for k, v in FLIGHTS.items() if k != "carrier"}, AIRLINES, PLANES),
         "flights lacks the column 'carrier'"),
        (lambda: m.from_documents([FIRST, dict(FIRST, plane=dict(FIRST["plane"], seats=150))]),
         "documents disagree on plane 'N14228'"),
        (lambda: m.from_documents([FIRST, dict(FIRST, carrier={"code": "UA", "name": "United Air Lines"})]),
         "documents disagree on carrier 'UA'"),
    ],
    ids=["airlines-no-name", "planes-no-seats", "flights-list", "planes-ragged", "unknown-carrier-first",
         "sql-missing-column", "disagreeing-plane", "disagreeing-carrier"],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_document_error_is_a_value_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("{\n", encoding="utf-8")
    with pytest.raises(ValueError):
        m.read(str(path))
    assert issubclass(m.DocumentError, ValueError)
