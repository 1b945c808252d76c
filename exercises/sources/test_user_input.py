"""Visible tests for sources.user_input. Run: pytest exercises/sources/test_user_input.py"""
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import user_input as gen
from graders.datagen.user_input import DROP, NOW, event

ui = kata("sources.user_input")

UTC = timezone.utc


def outcome(result):
    """Accepted(record) -> ("Accepted", record); Rejected -> ("Rejected", field, reason)."""
    kind = type(result).__name__
    if kind == "Accepted":
        return kind, result.record
    if kind == "Rejected":
        assert isinstance(result.message, str) and result.message.startswith(f"{result.field}: "), (
            f"Rejected.message should start with {result.field + ': '!r}, got {result.message!r}")
        return kind, result.field, result.reason
    pytest.fail(f"validate returned {result!r}, expected an Accepted or a Rejected")


def check(raw, expected):
    got = outcome(ui.validate(raw, NOW))
    assert got == expected, f"validate({raw!r}, NOW) gave {got}, expected {expected}"


def test_statement_examples():
    check('{"event": "rating", "user_id": 42, "ride_id": "１２", "stars": 5, "sent_at": "2026-09-14T08:30:00-07:00"}',
          ("Accepted", {"event": "rating", "user_id": 42, "ride_id": 12, "stars": 5, "comment": None,
                        "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)}))
    check({"event": "rating", "user_id": 42, "ride_id": 12, "stars": 6, "sent_at": 1789399800},
          ("Rejected", "stars", "out_of_range"))
    check(event("signup", username="\u0430lice"), ("Rejected", "username", "mixed_script"))
    got = ui.count_reasons([{"event": "rating"}, "{not json", 17], NOW)
    assert got["missing"] == 1, f"count_reasons([{{'event': 'rating'}}, '{{not json', 17], NOW) gave {got}"


def test_good_events_become_clean_records():
    expected = {
        "signup": {"event": "signup", "user_id": 7, "username": "alice_w", "email": "alice.w@example.com",
                   "age": 34, "sent_at": datetime(2026, 9, 14, 15, 0, tzinfo=UTC)},
        "ride_request": {"event": "ride_request", "user_id": 42, "city": "San Francisco", "fare_cents": 1850,
                         "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)},
        "rating": {"event": "rating", "user_id": 42, "ride_id": 12, "stars": 5, "comment": "Smooth ride",
                   "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)},
    }
    for kind, record in expected.items():
        check(gen.GOOD[kind], ("Accepted", record))


@pytest.mark.parametrize("sent_at", [
    "2026-09-14T15:30:00Z", "2026-09-14T15:30:00+00:00", "2026-09-14T08:30:00-07:00", "2026-09-14T17:30:00+02:00",
    1789399800, 1789399800000, gen.fullwidth("2026-09-14T15:30:00Z"), " 2026-09-14T15:30:00Z ",
])
def test_every_form_of_one_instant_is_the_same_utc_time(sent_at):
    got = outcome(ui.validate(event("rating", sent_at=sent_at), NOW))
    expected = datetime(2026, 9, 14, 15, 30, tzinfo=UTC)
    assert got[0] == "Accepted" and got[1]["sent_at"] == expected, (
        f"a rating sent at {sent_at!r} gave {got}, expected Accepted with sent_at {expected!r}")
    assert got[1]["sent_at"].utcoffset().total_seconds() == 0, f"sent_at {got[1]['sent_at']!r} is not in UTC"


@pytest.mark.parametrize("kind, changes, field, reason", [
    ("rating", {"stars": 0}, "stars", "out_of_range"),
    ("rating", {"stars": 1}, None, None),
    ("rating", {"stars": "５"}, None, None),
    ("rating", {"stars": True}, "stars", "wrong_type"),
    ("rating", {"stars": 4.0}, "stars", "wrong_type"),
    ("rating", {"stars": "\u0664"}, "stars", "wrong_type"),  # ARABIC-INDIC DIGIT FOUR: "٤".isdigit() is True
    ("rating", {"ride_id": "-3"}, "ride_id", "wrong_type"),
    ("rating", {"ride_id": DROP}, "ride_id", "missing"),
    ("rating", {"ride_id": None}, "ride_id", "missing"),
    ("rating", {"comment": DROP}, None, None),
    ("rating", {"comment": "x" * 281}, "comment", "too_long"),
    ("rating", {"comment": "great\nride"}, None, None),
    ("signup", {"age": 12}, "age", "out_of_range"),
    ("signup", {"age": "１２"}, "age", "out_of_range"),
    ("signup", {"age": 13}, None, None),
    ("signup", {"username": 12345}, "username", "wrong_type"),
    ("signup", {"username": "   "}, "username", "empty"),
    ("signup", {"username": "al"}, "username", "too_short"),
    ("signup", {"username": "a" * 31}, "username", "too_long"),
    ("signup", {"username": "alice w"}, "username", "bad_format"),
    ("signup", {"username": "ali\u200bce"}, "username", "control_char"),
    ("signup", {"email": "alice.example.com"}, "email", "bad_format"),
    ("signup", {"email": "alice@\u0435xample.com"}, "email", "mixed_script"),
    ("ride_request", {"fare_usd": -0.01}, "fare_usd", "out_of_range"),
    ("ride_request", {"fare_usd": "12.345"}, "fare_usd", "too_precise"),
    ("ride_request", {"fare_usd": 12}, None, None),
    ("ride_request", {"fare_usd": "twelve"}, "fare_usd", "wrong_type"),
    ("ride_request", {"city": ""}, "city", "empty"),
    ("ride_request", {"sent_at": "2026-09-14T08:30:00"}, "sent_at", "naive_timestamp"),
    ("ride_request", {"sent_at": "yesterday"}, "sent_at", "bad_timestamp"),
    ("ride_request", {"sent_at": "2026-09-14T15:51:00Z"}, "sent_at", "out_of_range"),
    ("ride_request", {"sent_at": 1789399800.0}, "sent_at", "wrong_type"),
    ("ride_request", {"promo": "FREE"}, "promo", "unknown_field"),
    ("ride_request", {"event": "Ride_Request"}, "event", "unknown_event"),
])
def test_each_rule(kind, changes, field, reason):
    raw = event(kind, **changes)
    got = outcome(ui.validate(raw, NOW))
    if field is None:
        assert got[0] == "Accepted", f"validate({raw!r}, NOW) gave {got}, expected Accepted"
    else:
        assert got == ("Rejected", field, reason), f"validate({raw!r}, NOW) gave {got}, expected Rejected {field!r} {reason!r}"


def test_the_first_bad_field_in_the_table_order_is_reported():
    # username comes before age, which comes before sent_at: all three are bad here
    check(event("signup", username="x", age=200, sent_at="soon"), ("Rejected", "username", "too_short"))
    check(event("signup", age=200, sent_at="soon"), ("Rejected", "age", "out_of_range"))
    # unknown fields are looked at last
    check(event("rating", stars=9, tip=2), ("Rejected", "stars", "out_of_range"))


@pytest.mark.parametrize("raw, reason", [
    ('{"event": "rating", "user_id": 4', "bad_json"), ("", "bad_json"), ("[1, 2]", "not_an_object"),
    ([1, 2], "not_an_object"), (17, "not_an_object"), (None, "not_an_object"), (b'{"event": "rating"}', "not_an_object"),
])
def test_the_top_level(raw, reason):
    check(raw, ("Rejected", "$", reason))


def test_count_reasons_for_the_dashboard():
    raws = [gen.RATING, gen.SIGNUP, event("rating", stars=6), event("signup", age=9), "nope", {"event": "rating"}]
    got = ui.count_reasons(raws, NOW)
    expected = dict.fromkeys(("accepted", *ui.REASONS), 0) | {"accepted": 2, "out_of_range": 2, "bad_json": 1, "missing": 1}
    assert got == expected, f"count_reasons over 6 events gave {got}, expected {expected}"


def test_a_bad_clock_is_the_only_error():
    with pytest.raises(ValueError, match=r"^now must be an aware datetime"):
        ui.validate(gen.RATING, datetime(2026, 9, 14, 15, 45))


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=8)


@settings(max_examples=15)
@given(kind=st.sampled_from(sorted(gen.GOOD)), values=st.dictionaries(st.sampled_from(
    ["user_id", "username", "email", "age", "city", "fare_usd", "ride_id", "stars", "comment", "sent_at", "x"]), JSON))
def test_never_raises_whatever_the_phone_sends(kind, values):
    raw = {**gen.GOOD[kind], **values}
    got = outcome(ui.validate(raw, NOW))
    assert got[0] == "Accepted" or got[2] in ui.REASONS, f"validate({raw!r}, NOW) gave {got}: an unknown reason"
