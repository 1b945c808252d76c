"""Hidden tests for sources.user_input: every rule at its boundary; fuzzing (validate never
raises, whatever the phone sends); valid events generated with a known meaning must come
back Accepted with that meaning (same UTC instant, same cents, same text after NFKC); and
events broken by one known corruption must come back Rejected for that field and reason:
the generator knows what it broke, which makes it the oracle."""
import json
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import user_input as gen
from graders.datagen.user_input import DROP, NOW, event

ui = kata("sources.user_input")

UTC = timezone.utc
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
LATEST = NOW + timedelta(minutes=5)
ORDER = {"signup": ("event", "user_id", "username", "email", "age", "sent_at"),
         "ride_request": ("event", "user_id", "city", "fare_usd", "sent_at"),
         "rating": ("event", "user_id", "ride_id", "stars", "comment", "sent_at")}


def outcome(result):
    kind = type(result).__name__
    if kind == "Accepted":
        return kind, result.record
    if kind == "Rejected":
        assert isinstance(result.message, str) and result.message.startswith(f"{result.field}: "), (
            f"Rejected.message should start with {result.field + ': '!r}, got {result.message!r}")
        return kind, result.field, result.reason
    pytest.fail(f"validate returned {result!r}, expected an Accepted or a Rejected")


def rejected(raw):
    got = outcome(ui.validate(raw, NOW))
    assert got[0] == "Rejected", f"validate({raw!r}, NOW) gave {got}, expected a Rejected"
    return got[1:]


def accepted(raw):
    got = outcome(ui.validate(raw, NOW))
    assert got[0] == "Accepted", f"validate({raw!r}, NOW) gave {got}, expected Accepted"
    return got[1]


def test_statement_examples_and_the_good_events():
    cases = [
        ('{"event": "rating", "user_id": 42, "ride_id": "１２", "stars": 5, "sent_at": "2026-09-14T08:30:00-07:00"}',
         ("Accepted", {"event": "rating", "user_id": 42, "ride_id": 12, "stars": 5, "comment": None,
                       "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)})),
        ({"event": "rating", "user_id": 42, "ride_id": 12, "stars": 6, "sent_at": 1789399800},
         ("Rejected", "stars", "out_of_range")),
        ({"event": "signup", "user_id": 7, "username": "\u0430lice", "email": "alice@example.com", "age": 34,
          "sent_at": "2026-09-14T15:00:00Z"}, ("Rejected", "username", "mixed_script")),
        (gen.SIGNUP, ("Accepted", {"event": "signup", "user_id": 7, "username": "alice_w", "email": "alice.w@example.com",
                                   "age": 34, "sent_at": datetime(2026, 9, 14, 15, 0, tzinfo=UTC)})),
        (gen.RIDE_REQUEST, ("Accepted", {"event": "ride_request", "user_id": 42, "city": "San Francisco",
                                         "fare_cents": 1850, "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)})),
        (gen.RATING, ("Accepted", {"event": "rating", "user_id": 42, "ride_id": 12, "stars": 5, "comment": "Smooth ride",
                                   "sent_at": datetime(2026, 9, 14, 15, 30, tzinfo=UTC)})),
    ]
    for raw, expected in cases:
        got = outcome(ui.validate(raw, NOW))
        assert got == expected, f"validate({raw!r}, NOW) gave {got}, expected {expected}"
    got = ui.count_reasons([{"event": "rating"}, "{not json", 17], NOW)
    expected = dict.fromkeys(("accepted", *ui.REASONS), 0) | {"missing": 1, "bad_json": 1, "not_an_object": 1}
    assert got == expected, f"count_reasons([{{'event': 'rating'}}, '{{not json', 17], NOW) gave {got}, expected {expected}"


# --- every rule at its boundary ---------------------------------------------------------------

BOUNDARIES = [
    ("rating", "stars", [(0, "out_of_range"), (1, None), (5, None), (6, "out_of_range"), (-1, "out_of_range"),
                         ("0", "out_of_range"), ("6", "out_of_range"), ("５", None), (" 4 ", None), ("004", None),
                         (True, "wrong_type"), (False, "wrong_type"), (4.0, "wrong_type"), ("4.0", "wrong_type"),
                         ("+4", "wrong_type"), ("\u0664", "wrong_type"), ("", "wrong_type"), ([4], "wrong_type")]),
    ("signup", "age", [(12, "out_of_range"), (13, None), (120, None), (121, "out_of_range"), ("１２", "out_of_range"),
                       ("１３", None), (True, "wrong_type"), (13.0, "wrong_type"), ("-13", "wrong_type")]),
    ("rating", "user_id", [(0, "out_of_range"), (1, None), (2**63 - 1, None), (2**63, "out_of_range"),
                           (str(2**63 - 1), None), ("0" * 30 + "7", None), ("1" + "0" * 19, "out_of_range"),
                           ("9" * 5000, "out_of_range"), (True, "wrong_type"), ("seven", "wrong_type"),
                           ("\u0667", "wrong_type"), ("\u096d", "wrong_type"), ({}, "wrong_type")]),
    ("rating", "ride_id", [(0, "out_of_range"), ("0", "out_of_range"), (1, None), (2**63 - 1, None),
                           (2**63, "out_of_range"), (str(2**63), "out_of_range"), (-5, "out_of_range")]),
    ("ride_request", "fare_usd", [(0, None), (0.0, None), ("0.00", None), (1000, None), ("1000.00", None),
                                  (1000.01, "out_of_range"), ("1000.01", "out_of_range"), (-0.01, "out_of_range"),
                                  ("-1", "out_of_range"), (12.345, "too_precise"), ("12.345", "too_precise"),
                                  ("12.340", None), ("12.340000000000000000000000000000001", "too_precise"),
                                  (1e-05, "too_precise"), (True, "wrong_type"), (float("nan"), "wrong_type"),
                                  (float("inf"), "wrong_type"), ("1e3", "wrong_type"), ("$12", "wrong_type"),
                                  ("12,50", "wrong_type"), ("１８.５０", None), (" 18.5 ", None), ([18.5], "wrong_type")]),
    ("signup", "username", [("abc", None), ("ab", "too_short"), ("a" * 30, None), ("a" * 31, "too_long"),
                            ("  abc  ", None), ("", "empty"), ("\t \n", "empty"), ("al ice", "bad_format"),
                            ("al@ice", "bad_format"), ("al_i.c-e9", None), ("ａｌｉｃｅ", None), ("алиса", None),
                            ("аlice", "mixed_script"), ("alicе", "mixed_script"), ("αlice", "mixed_script"),
                            ("ali\u200bce", "control_char"), ("\ufeffalice", "control_char"),
                            ("alice\u202e", "control_char"), ("ali\x00ce", "control_char"), (7, "wrong_type"),
                            (["alice"], "wrong_type")]),
    ("signup", "email", [("a@b.co", None), ("ab.co", "bad_format"), ("a@@b.co", "bad_format"), ("@b.co", "bad_format"),
                         ("a@bco", "bad_format"), ("a@.bco", "bad_format"), ("a@bco.", "bad_format"),
                         ("a b@c.co", "bad_format"), ("a@b" + "c" * 248 + ".co", None),
                         ("a@b" + "c" * 249 + ".co", "too_long"), ("аlice@example.com", "mixed_script"),
                         ("alice@ex\u200bample.com", "control_char"), (" ", "empty"), (3, "wrong_type")]),
    ("ride_request", "city", [("x" * 60, None), ("x" * 61, "too_long"), ("", "empty"), ("São Paulo", None),
                              ("San\x07Francisco", "control_char"), (94103, "wrong_type")]),
    ("rating", "comment", [("x" * 280, None), ("x" * 281, "too_long"), ("  ", None), ("line one\nline two", None),
                           ("tab\there", "control_char"), ("\tindented\n", None), ("nice\u200d", "control_char"), (5, "wrong_type")]),
    ("rating", "sent_at", [("2026-09-14T15:50:00Z", None), ("2026-09-14T15:50:01Z", "out_of_range"),
                           ("2026-09-14T15:50:00.000001+00:00", "out_of_range"),
                           ("2020-01-01T00:00:00Z", None), ("2019-12-31T23:59:59Z", "out_of_range"),
                           ("2020-01-01T01:00:00+01:00", None), ("2020-01-01T00:59:59+01:00", "out_of_range"),
                           ("2026-09-14T08:30:00", "naive_timestamp"), ("2026-09-14", "naive_timestamp"),
                           ("2026-09-14T08:30:00 PDT", "bad_timestamp"), ("14/09/2026 08:30", "bad_timestamp"),
                           ("", "bad_timestamp"), ("9999-12-31T23:00:00-05:00", "out_of_range"),
                           ("0001-01-01T00:00:00+05:00", "out_of_range"),
                           (1789401000, None), (1789401001, "out_of_range"), (1577836800, None),
                           (1577836799, "out_of_range"), (1789401000000, None), (1789401000001, "out_of_range"),
                           (1577836800000, None), (10**11 - 1, "out_of_range"), (10**11, "out_of_range"),
                           (-1789399800, "out_of_range"), (10**40, "out_of_range"), (1789399800.0, "wrong_type"),
                           (True, "wrong_type"), ("1789399800", "bad_timestamp"), ({"t": 1}, "wrong_type")]),
]
CASES = [(kind, field, value, reason) for kind, field, values in BOUNDARIES for value, reason in values]


@pytest.mark.parametrize("kind, field, value, reason", CASES,
                         ids=[f"{f}={v!r:.30}" for _, f, v, _ in CASES])
def test_each_rule_at_its_boundary(kind, field, value, reason):
    raw = event(kind, **{field: value})
    got = outcome(ui.validate(raw, NOW))
    if reason is None:
        assert got[0] == "Accepted", f"validate({raw!r}, NOW) gave {got}, expected Accepted"
    else:
        assert got == ("Rejected", field, reason), f"validate({raw!r}, NOW) gave {got}, expected Rejected {field!r} {reason!r}"


@pytest.mark.parametrize("raw, field, reason", [
    ('{"event": "rating", "user_id": 4', "$", "bad_json"), ("", "$", "bad_json"), ("null", "$", "not_an_object"),
    ("[" * 100000, "$", "bad_json"), ('"rating"', "$", "not_an_object"), ("NaN", "$", "not_an_object"),
    (b"{}", "$", "not_an_object"), ((1, 2), "$", "not_an_object"), (3.5, "$", "not_an_object"),
    ({}, "event", "missing"), ({"event": None}, "event", "missing"), ({"event": 3}, "event", "wrong_type"),
    ({"event": "Rating"}, "event", "unknown_event"), ({"event": "rating "}, "event", "unknown_event"),
    ({"event": "payment", "user_id": 1}, "event", "unknown_event"),
    (json.dumps(event("rating", stars=7)), "stars", "out_of_range"),
    ({**gen.RATING, "b": 1, "a": 2}, "a", "unknown_field"), ({**gen.RATING, 3: 1}, "3", "unknown_field"),
    ({**gen.SIGNUP, "fare_usd": 3}, "fare_usd", "unknown_field"),
])
def test_the_top_level_event_and_unknown_fields(raw, field, reason):
    got = rejected(raw)
    assert got == (field, reason), f"validate({str(raw)[:80]!r}, NOW) gave Rejected {got}, expected {(field, reason)}"


def test_records_are_normalized():
    got = accepted(event("signup", user_id=" ０７ ", username="  ａｌｉｃｅ_９ ", email=" Alice@EXAMPLE.Com",
                         age="３４", sent_at=1789398000123))
    expected = {"event": "signup", "user_id": 7, "username": "alice_9", "email": "alice@example.com", "age": 34,
                "sent_at": datetime(2026, 9, 14, 15, 0, 0, 123000, tzinfo=UTC)}
    assert got == expected, f"the signup came back as {got}, expected {expected}"
    got = accepted(event("rating", comment="   "))
    assert got["comment"] is None, f"a blank comment came back as {got['comment']!r}, expected None"
    got = accepted(event("ride_request", fare_usd=0.1))
    assert got["fare_cents"] == 10 and type(got["fare_cents"]) is int, f"fare_usd 0.1 gave fare_cents {got['fare_cents']!r}"
    assert list(got) == ["event", "user_id", "city", "fare_cents", "sent_at"], f"the record's keys are {list(got)}"


def test_the_first_bad_field_wins():
    cases = [(event("signup", user_id=True, username="x", email="no", age=1, sent_at="x"), ("user_id", "wrong_type")),
             (event("signup", username="x", email="no", age=1, sent_at="x"), ("username", "too_short")),
             (event("signup", email="no", age=1, sent_at="x"), ("email", "bad_format")),
             (event("signup", age=1, sent_at="x"), ("age", "out_of_range")),
             (event("rating", ride_id=DROP, stars=DROP, zz=1), ("ride_id", "missing")),
             (event("rating", stars=DROP, sent_at=DROP), ("stars", "missing")),
             (event("ride_request", city="", fare_usd=-1, extra=1), ("city", "empty"))]
    for raw, expected in cases:
        got = rejected(raw)
        assert got == expected, f"validate({raw!r}, NOW) reported {got}, expected the first bad field {expected}"


def test_a_bad_clock_raises_and_nothing_else_does():
    for now in (datetime(2026, 9, 14, 15, 45), "2026-09-14T15:45:00Z", 1789399800, None):
        with pytest.raises(ValueError, match=r"^now must be an aware datetime"):
            ui.validate(gen.RATING, now)
    other = datetime(2026, 9, 14, 17, 45, tzinfo=timezone(timedelta(hours=2)))  # the same instant as NOW
    got = outcome(ui.validate(event("rating", sent_at="2026-09-14T15:50:00Z"), other))
    assert got[0] == "Accepted", f"now given in UTC+2 is the same instant: gave {got}"


# --- generated events: valid ones keep their meaning, broken ones say what broke --------------

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔ"
OFFSETS = st.integers(-48, 56).map(lambda q: timezone(timedelta(minutes=15 * q)))


@st.composite
def integer_as_sent(draw, low, high):
    n = draw(st.integers(low, high))
    form = draw(st.sampled_from(["int", "str", "padded", "fullwidth"]))
    text = {"int": n, "str": str(n), "padded": f"  {n:05d} ", "fullwidth": gen.fullwidth(str(n))}[form]
    return text, n


@st.composite
def instant_as_sent(draw):
    millis = draw(st.integers(int(EARLIEST.timestamp() * 1000), int(LATEST.timestamp() * 1000)))
    instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)
    forms = ["ms", "iso_z", "iso_offset", "fullwidth"] + (["s"] if millis % 1000 == 0 else [])
    form = draw(st.sampled_from(forms))
    if form == "ms":
        return millis, instant
    if form == "s":
        return millis // 1000, instant
    local = instant.astimezone(draw(OFFSETS)) if form == "iso_offset" else instant
    text = local.isoformat(timespec=draw(st.sampled_from(["milliseconds", "microseconds"])))
    if form != "iso_offset":
        text = text.replace("+00:00", "Z")
    return (gen.fullwidth(text) if form == "fullwidth" else text), instant


@st.composite
def fare_as_sent(draw):
    cents = draw(st.integers(0, 100000))
    forms = ["str", "float", "fullwidth"] + (["int"] if cents % 100 == 0 else [])
    form = draw(st.sampled_from(forms))
    text = f"{cents // 100}.{cents % 100:02d}"
    value = {"str": text, "float": cents / 100, "fullwidth": gen.fullwidth(text), "int": cents // 100}[form]
    return value, cents


@st.composite
def username_as_sent(draw):
    letters = draw(st.sampled_from([LATIN, CYRILLIC, GREEK]))
    name = draw(st.text(alphabet=letters + "0123456789_.-", min_size=3, max_size=30).filter(
        lambda s: any(ch.isalpha() for ch in s)))
    sent = gen.fullwidth(name) if letters == LATIN and draw(st.booleans()) else name
    return draw(st.sampled_from(["", " ", "\t"])) + sent + draw(st.sampled_from(["", " ", "\n"])), name


@st.composite
def email_as_sent(draw):
    local = draw(st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9.+]{0,19}", fullmatch=True))
    domain = draw(st.from_regex(r"[a-zA-Z]{1,12}\.[a-z]{2,6}", fullmatch=True))
    return f"{local}@{domain}", f"{local}@{domain}".lower()


CITY = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCSPLMãéöñç-'", min_size=1, max_size=60).filter(str.strip)
COMMENT = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")) | st.just("\n"),
                  max_size=120).map(lambda s: unicodedata.normalize("NFKC", s)).filter(lambda s: len(s.strip()) <= 280)


@st.composite
def valid_event(draw):
    """(raw event, the record it means)."""
    kind = draw(st.sampled_from(sorted(ORDER)))
    raw, record = {"event": kind}, {"event": kind}
    raw["user_id"], record["user_id"] = draw(integer_as_sent(1, 2**63 - 1))
    if kind == "signup":
        raw["username"], record["username"] = draw(username_as_sent())
        raw["email"], record["email"] = draw(email_as_sent())
        raw["age"], record["age"] = draw(integer_as_sent(13, 120))
    elif kind == "ride_request":
        city = draw(CITY)
        raw["city"], record["city"] = city, city.strip()
        raw["fare_usd"], record["fare_cents"] = draw(fare_as_sent())
    else:
        raw["ride_id"], record["ride_id"] = draw(integer_as_sent(1, 2**63 - 1))
        raw["stars"], record["stars"] = draw(integer_as_sent(1, 5))
        comment = draw(st.none() | COMMENT)
        if comment is not None or draw(st.booleans()):
            raw["comment"] = comment
        record["comment"] = (comment or "").strip() or None
    raw["sent_at"], record["sent_at"] = draw(instant_as_sent())
    order = draw(st.permutations(list(raw)))  # key order means nothing
    return {k: raw[k] for k in order}, record


def lookalike(text):
    for latin, cyrillic in gen.CYRILLIC_LOOKALIKES.items():
        if latin in text:
            return text.replace(latin, cyrillic, 1)
    return text + "\u0430"  # a Cyrillic 'а' after Latin letters


def insert(text, ch, at):
    at %= len(text) + 1
    return text[:at] + ch + text[at:]


# (field, reason, how to break the event's value): each strategy maps the good value to a bad one.
CORRUPTIONS = {
    "user_id": [("wrong_type", st.sampled_from([True, False, 7.0, "-7", "7a", "\u0667", [7]])),
                ("out_of_range", st.sampled_from([0, -5, 2**63, 2**70]))],
    "ride_id": [("wrong_type", st.sampled_from([True, 12.0, "twelve", "\u0661\u0662"])),
                ("out_of_range", st.sampled_from([0, -12, 2**64]))],
    "stars": [("wrong_type", st.sampled_from([True, 4.5, "4.5", "four", "\u0664"])),
              ("out_of_range", st.sampled_from([0, 6, 10, -1, "0", "６"]))],
    "age": [("out_of_range", st.sampled_from([0, 12, 121, 200, "１２", "12"])),
            ("wrong_type", st.sampled_from([True, 30.0, "thirty"]))],
    "fare_usd": [("out_of_range", st.sampled_from([-0.01, -1, 1000.01, "1000.01", 10**6])),
                 ("too_precise", st.sampled_from([0.001, "9.999", 12.345])),
                 ("wrong_type", st.sampled_from([True, "1e2", "ten", float("nan"), {"amount": 1}]))],
    "sent_at": [("naive_timestamp", st.sampled_from(["2026-09-14T08:30:00", "2026-09-14T15:30:00.250", "2025-01-01"])),
                ("bad_timestamp", st.sampled_from(["now", "2026-09-14T25:00:00Z", "14 Sep 2026", "2026-09-14T08:30:00 UTC"])),
                ("out_of_range", st.sampled_from(["2026-09-14T15:51:00Z", "2019-06-01T00:00:00Z", 1789401060, 1789401060000,
                                                  "2026-09-14T09:00:00-07:00"])),
                ("wrong_type", st.sampled_from([1789399800.5, True, [2026, 9, 14]]))],
}
TEXT_CORRUPTIONS = {  # functions of the good text: look-alikes, invisible characters
    "username": [("mixed_script", lambda s, i: lookalike(s) if len(s) < 30 and all(c in LATIN + "0123456789_.-" for c in s) else None),
                 ("control_char", lambda s, i: insert(s, list(gen.INVISIBLE.values())[i % 6], i)),
                 ("too_short", lambda s, i: s.strip()[:1 + i % 2] if s.strip()[:2].isalpha() else None),
                 ("too_long", lambda s, i: "a" * (31 + i % 10)),
                 ("bad_format", lambda s, i: insert(s.strip(), " @!+"[i % 4], 1 + i % 2) if len(s.strip()) < 30 else None),
                 ("wrong_type", lambda s, i: 100 + i), ("empty", lambda s, i: " " * (i % 3))],
    "email": [("mixed_script", lambda s, i: lookalike(s) if s.isascii() and any(c in gen.CYRILLIC_LOOKALIKES for c in s) else None),
              ("control_char", lambda s, i: insert(s, list(gen.INVISIBLE.values())[i % 6], i)),
              ("bad_format", lambda s, i: s.replace("@", "" if i % 2 else "@@")),
              ("too_long", lambda s, i: "a" * 250 + s)],
    "city": [("control_char", lambda s, i: insert(s, list(gen.INVISIBLE.values())[i % 6], i)),
             ("too_long", lambda s, i: s + "x" * 61), ("empty", lambda s, i: "   "), ("wrong_type", lambda s, i: 94103)],
    "comment": [("control_char", lambda s, i: insert(s or "ok", "\u200b\x00\u202e\x07"[i % 4], i)),
                ("too_long", lambda s, i: "!" * 281)],
}


@st.composite
def broken_event(draw):
    """(raw event, field, reason): a valid event with one field broken in one known way."""
    raw, _ = draw(valid_event())
    kind = raw["event"]
    choices = [(f, r, s) for f in ORDER[kind] for r, s in CORRUPTIONS.get(f, [])]
    choices += [(f, r, fn) for f in ORDER[kind] for r, fn in TEXT_CORRUPTIONS.get(f, [])]
    choices += [(f, "missing", None) for f in ORDER[kind] if f != "comment"]
    choices += [("extra", "unknown_field", None)]
    field, reason, how = draw(st.sampled_from(choices))
    raw = dict(raw)
    if reason == "missing":
        if draw(st.booleans()):
            del raw[field]
        else:
            raw[field] = None
    elif field == "extra":
        name = draw(st.sampled_from(["promo", "tip", "Stars", "userId", "sent_at ", "_"]))
        raw[name] = draw(st.integers(0, 9))
        field = name
    elif callable(how):
        bad = how(raw.get(field) or "", draw(st.integers(0, 50)))
        if bad is None:  # this corruption does not apply to this value: break it another way
            reason, bad = "wrong_type", 3.25
        raw[field] = bad
    else:
        raw[field] = draw(how)
    return raw, field, reason


@settings(max_examples=80, deadline=None)
@given(valid_event())
@example(({"event": "rating", "user_id": 1, "ride_id": 1, "stars": 1, "sent_at": 1577836800000},
          {"event": "rating", "user_id": 1, "ride_id": 1, "stars": 1, "comment": None,
           "sent_at": datetime(2020, 1, 1, tzinfo=UTC)}))
@example(({"event": "rating", "user_id": "１", "ride_id": "5", "stars": "５", "sent_at": "2026-09-14T22:50:00+07:00"},
          {"event": "rating", "user_id": 1, "ride_id": 5, "stars": 5, "comment": None,
           "sent_at": datetime(2026, 9, 14, 15, 50, tzinfo=UTC)}))
def test_a_valid_event_is_accepted_with_its_meaning(case):
    raw, expected = case
    got = outcome(ui.validate(raw, NOW))
    assert got == ("Accepted", expected), f"validate({raw!r}, NOW) gave {got}, expected Accepted {expected}"
    assert got[1]["sent_at"].utcoffset() == timedelta(0), f"sent_at {got[1]['sent_at']!r} is not in UTC"
    text = json.dumps(raw, ensure_ascii=False)
    again = outcome(ui.validate(text, NOW))
    assert again == got, f"the same event as JSON text gave {again}, as a dict {got}"


@settings(max_examples=80, deadline=None)
@given(broken_event())
@example(({**gen.SIGNUP, "username": "\u0430lice"}, "username", "mixed_script"))
@example(({**gen.SIGNUP, "age": True}, "age", "wrong_type"))
@example(({**gen.RATING, "stars": 6}, "stars", "out_of_range"))
@example(({**gen.RATING, "sent_at": "2026-09-14T08:30:00"}, "sent_at", "naive_timestamp"))
def test_one_corruption_is_reported_as_itself(case):
    raw, field, reason = case
    got = outcome(ui.validate(raw, NOW))
    assert got == ("Rejected", field, reason), (
        f"validate({raw!r}, NOW): the test broke {field!r} ({reason}); validate gave {got}")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_two_corruptions_report_the_earlier_field(data):
    first_raw, first_field, first_reason = data.draw(broken_event())
    kind = first_raw.get("event")
    if first_reason == "unknown_field" or kind not in ORDER:  # nothing comes after an unknown field or event
        return
    later = [f for f in ORDER[kind][ORDER[kind].index(first_field) + 1:] if f not in ("comment",)]
    if not later:
        return
    second = data.draw(st.sampled_from(later))
    raw = {**first_raw, second: {"broken": True}}
    got = outcome(ui.validate(raw, NOW))
    assert got == ("Rejected", first_field, first_reason), (
        f"validate({raw!r}, NOW): {first_field!r} ({first_reason}) and the later {second!r} are both bad; "
        f"validate gave {got}, expected the first in the table's order")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIELD_NAMES = sorted({f for fields in ORDER.values() for f in fields} | {"fare_usd", "x"})


@settings(max_examples=60, deadline=None)
@given(st.one_of(JSON, st.text(), st.binary(max_size=20),
                 st.builds(lambda kind, values: {**gen.GOOD[kind], **values}, st.sampled_from(sorted(gen.GOOD)),
                           st.dictionaries(st.sampled_from(FIELD_NAMES), JSON | st.text()))))
@example("[" * 50000)
@example({"event": "signup", "user_id": "9" * 5000})
@example({"event": "rating", "user_id": 1, "ride_id": 1, "stars": 1, "sent_at": -(10**30)})
@example({"event": "ride_request", "user_id": 1, "city": "x", "fare_usd": "9" * 5000 + ".5", "sent_at": 1789399800})
@example({"event": "ride_request", "user_id": 1, "city": "x", "fare_usd": 1e308, "sent_at": "9999-12-31T23:59:59.999999-23:59"})
@example({"event": "signup", "user_id": 1, "username": "\u1a81\u1a82", "email": "a@b.co", "age": "\u19da", "sent_at": 1})
def test_validate_never_raises(raw):
    got = outcome(ui.validate(raw, NOW))
    assert got[0] == "Accepted" or got[2] in ui.REASONS, f"validate({raw!r}, NOW) gave {got}: not a reason of REASONS"
    if got[0] == "Accepted":
        assert EARLIEST <= got[1]["sent_at"] <= LATEST, f"validate({raw!r}, NOW) accepted {got[1]['sent_at']!r}"


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(valid_event().map(lambda c: (c[0], "accepted")),
                          broken_event().map(lambda c: (c[0], c[2]))), max_size=12))
def test_count_reasons_matches_what_the_generator_broke(cases):
    raws = [raw for raw, _ in cases]
    expected = dict.fromkeys(("accepted", *ui.REASONS), 0)
    for _, reason in cases:
        expected[reason] += 1
    got = ui.count_reasons(raws, NOW)
    assert got == expected, f"count_reasons over {len(raws)} events gave {got}, expected {expected}"
