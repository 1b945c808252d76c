"""Visible tests for models.documents. Run: pytest exercises/models/test_documents.py"""
import json
import math

import pytest

from graders import kata
from graders.datagen import documents as gen

m = kata("models.documents")

FLIGHTS, AIRLINES, PLANES, FIRST = gen.FLIGHTS, gen.AIRLINES, gen.PLANES, gen.FIRST  # the statement's example


@pytest.fixture(scope="module")
def sample():
    """40 real flights of 1 January 2013, two cancelled, six with a tail number planes lacks."""
    flights, airlines, planes = gen.tables()
    return flights, airlines, planes, m.to_documents(flights, airlines, planes)


def test_the_statement_example():
    docs = m.to_documents(FLIGHTS, AIRLINES, PLANES)
    assert len(docs) == 3, f"to_documents(3 flights) returned {len(docs)} documents, expected 3"
    assert docs[0] == FIRST, f"to_documents(...)[0] is {docs[0]}, expected {FIRST}"
    assert list(docs[0]) == list(FIRST), f"the document's keys are {list(docs[0])}, expected {list(FIRST)} in that order"
    assert docs[2]["plane"] is None and docs[2]["tailnum"] is None, f"a flight with no tail number embeds no plane: {docs[2]}"
    back = m.from_documents(docs)
    expected = {"carrier": ["UA", "AA"], "name": ["United Air Lines Inc.", "American Airlines Inc."]}
    assert back["airlines"] == expected, f"from_documents(...)['airlines'] is {back['airlines']}, expected {expected}"


def test_round_trip_on_real_flights(sample):
    flights, airlines, planes, docs = sample
    back = m.from_documents(docs)
    assert back["flights"] == flights, "from_documents(to_documents(flights, ...))['flights'] is not the flights table"
    expected = gen.used_airlines(flights, airlines)
    assert back["airlines"] == expected, f"from_documents(...)['airlines'] is {back['airlines']}, expected {expected}"
    expected = gen.used_planes(flights, planes)
    assert back["planes"] == expected, (f"from_documents(...)['planes'] has {len(back['planes']['tailnum'])} planes, "
                                        f"expected the {len(expected['tailnum'])} that the flights use, in order of first use")


def test_embedded_facts_match_a_pandas_merge(sample):
    flights, airlines, planes, docs = sample
    merged = gen.merged(flights, airlines, planes).to_dict("records")
    assert len(docs) == len(merged), f"{len(docs)} documents for {len(merged)} flights"
    for doc, row in zip(docs, merged):
        assert doc["carrier"] == {"code": row["carrier"], "name": row["name"]}, f"flight id {row['id']}: carrier {doc['carrier']}"
        if isinstance(row["model"], str):
            assert doc["plane"] is not None and doc["plane"]["seats"] == row["seats"], (
                f"flight id {row['id']} (tail {row['tailnum']}): plane {doc['plane']}, expected {row['seats']} seats")
        else:
            assert doc["plane"] is None, f"flight id {row['id']}: tail {row['tailnum']!r} is not in planes, got plane {doc['plane']}"


def test_stored_without_a_schema_and_read_with_one(sample, tmp_path):
    docs = sample[3]
    path = str(tmp_path / "flights.jsonl")
    m.store(docs, path)
    lines = open(path, encoding="utf-8").read().splitlines()
    assert [json.loads(line) for line in lines] == docs, "store(docs, path) must write one JSON document a line"
    got = m.read(path)
    assert got == docs, "read(path) after store(docs, path) did not give the documents back"


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda d: d["plane"].update(seats="many"), r"line 1: \$\.plane\.seats: 'many' is not of type 'integer'"),
        (lambda d: d["carrier"].pop("name"), r"line 1: \$\.carrier: 'name' is a required property"),
        (lambda d: d.update(distance=None), r"line 1: \$\.distance: None is not of type 'integer'"),
        (lambda d: d.update(gate="B12"), r"line 1: \$: Additional properties are not allowed \('gate' was unexpected\)"),
    ],
    ids=["seats-many", "carrier-without-name", "null-distance", "extra-key"],
)
def test_schema_on_read_names_the_bad_field(tmp_path, change, error):
    doc = json.loads(json.dumps(FIRST))
    change(doc)
    path = str(tmp_path / "bad.jsonl")
    m.store([doc], path)  # the write side checks nothing: that is what "schemaless" means
    with pytest.raises(m.DocumentError, match=error):
        m.read(path)


def test_a_line_that_is_not_json(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(FIRST) + "\n\n{\"id\": 8,\n", encoding="utf-8")
    with pytest.raises(m.DocumentError, match=r"line 3: not JSON"):
        m.read(str(path))


def test_one_question_in_both_models(sample):
    flights, airlines, planes, docs = sample
    expected = gen.seats_per_carrier(flights, airlines, planes)
    for how, got in (("seats_per_carrier_sql(tables)", m.seats_per_carrier_sql(flights, airlines, planes)),
                     ("seats_per_carrier_docs(documents)", m.seats_per_carrier_docs(docs))):
        assert set(got) == set(expected), f"{how} has the carriers {sorted(got)}, expected {sorted(expected)}"
        for carrier, seats in expected.items():
            ok = got[carrier] is None if seats is None else (got[carrier] is not None and math.isclose(got[carrier], seats))
            assert ok, f"{how}[{carrier!r}] is {got[carrier]}, expected {seats} (pandas)"


def test_the_bytes_denormalization_duplicates(sample):
    flights, airlines, planes, docs = sample
    got = m.duplication(docs)
    expected = gen.expected_sizes(flights, airlines, planes)
    assert got == expected, f"duplication(documents) returned {got}, expected {expected}"


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: m.to_documents({k: v for k, v in FLIGHTS.items() if k != "tailnum"}, AIRLINES, PLANES),
         "flights lacks the column 'tailnum'"),
        (lambda: m.to_documents(dict(FLIGHTS, dest=["IAH", "IAH"]), AIRLINES, PLANES),
         "flights: column 'dest' has 2 values, column 'id' has 3"),
        (lambda: m.to_documents(dict(FLIGHTS, carrier=["UA", "UA", "ZZ"]), AIRLINES, PLANES),
         "flight id 9 has carrier 'ZZ', which airlines lacks"),
        (lambda: m.from_documents([FIRST, dict(FIRST, carrier={"code": "UA", "name": "United"})]),
         "documents disagree on carrier 'UA'"),
    ],
    ids=["missing-column", "ragged", "unknown-carrier", "disagreeing-carrier"],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
