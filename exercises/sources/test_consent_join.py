"""Visible tests for sources.consent_join. Run: pytest exercises/sources/test_consent_join.py"""
import hashlib
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import consent_join as gen

cj = kata("sources.consent_join")
KEY = gen.KEY
ANA_KEY = "42411f16dda75601658401709bd045b6deb2c94721624869d9d748e883c9d98f"  # HMAC-SHA256(KEY, "ana@example.com")
BEN_KEY = "370dcb549eca3feb1762c5b4c41676451efe2ac7627d129b449731b802c2c73e"
IPHONE = "6D92078A-8246-4BA4-AE5B-76104861E7DC"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_statement_example():
    day = gen.APRIL_26 + timedelta(days=1)
    events = [{"event_id": 1, "email": "Ana@Example.com", "at": day, "ad_id": IPHONE, "action": "search flights"},
              {"event_id": 2, "email": "ben@example.com", "at": day, "ad_id": gen.ZERO_AD_ID, "action": "search hotels"}]
    segments = [{"key": ANA_KEY, "segment": "frequent traveller", "income_band": "50-75k"},
                {"key": BEN_KEY, "segment": "student", "income_band": "<25k"}]
    consent = [{"email": "ana@example.com", "at": gen.APRIL_26, "decision": "opt-in"}]
    got = cj.join_segments(events, segments, consent, KEY)
    expected = [
        {"event_id": 1, "at": day, "ad_id": IPHONE, "action": "search flights", "user_key": ANA_KEY,
         "ad_consent": True, "segment": "frequent traveller", "income_band": "50-75k"},
        {"event_id": 2, "at": day, "ad_id": None, "action": "search hotels", "user_key": BEN_KEY,
         "ad_consent": False, "segment": None, "income_band": None},
    ]
    assert got == expected, f"join_segments(the statement's events, segments, consent, KEY) returned\n{got}\nexpected\n{expected}"


@pytest.mark.parametrize("email, expected", [
    ("  Ana@Example.COM ", "ana@example.com"), ("ana@example.com", "ana@example.com"),
    ("\tBEN.Smith+ads@Mail.Example.org\n", "ben.smith+ads@mail.example.org"),
])
def test_normalize_email_trims_and_lower_cases(email, expected):
    got = cj.normalize_email(email)
    assert got == expected, f"normalize_email({email!r}) returned {got!r}, expected {expected!r}"


@pytest.mark.parametrize("email", ["ana.example.com", "@example.com", "ana@", "a@b@example.com", "   ", 42])
def test_normalize_email_refuses_what_is_not_an_email(email):
    with pytest.raises(ValueError, match=r"^not an email: "):
        got = cj.normalize_email(email)
        pytest.fail(f"normalize_email({email!r}) returned {got!r}, expected ValueError('not an email: ...')")


def test_pseudonymize_is_the_keyed_hmac_of_the_normalized_email():
    for email, expected in [("ana@example.com", ANA_KEY), (" ANA@example.COM\n", ANA_KEY), ("ben@example.com", BEN_KEY)]:
        got = cj.pseudonymize(email, KEY)
        assert got == expected, f"pseudonymize({email!r}, {KEY!r}) returned {got!r}, expected {expected!r} (HMAC-SHA256 hex)"
    got = cj.pseudonymize("ana@example.com", KEY.decode())
    assert got == ANA_KEY, f"pseudonymize('ana@example.com', {KEY.decode()!r}) with a str key returned {got!r}, expected its UTF-8 bytes' HMAC {ANA_KEY!r}"
    other = cj.pseudonymize("ana@example.com", b"another key")
    assert other != ANA_KEY, "pseudonymize gave the same value under two keys: the key must enter the hash"
    with pytest.raises(ValueError, match=r"^the key must not be empty"):
        cj.pseudonymize("ana@example.com", b"")


def test_a_dictionary_attack_reverses_plain_hashes_but_not_hmacs():
    users = gen.emails(8)
    plain = [sha256_hex(u) for u in users[:4]]
    keyed = [cj.pseudonymize(u, KEY) for u in users[4:]]
    candidates = [u.upper() for u in users] + ["nobody@example.com", "not an email"]
    got = cj.dictionary_attack(plain + keyed, candidates)
    expected = dict(zip(plain, users[:4]))
    assert got == expected, (f"dictionary_attack(4 plain SHA-256 hashes + 4 HMACs, the 8 emails upper-cased and 2 others) "
                             f"returned {got}, expected the 4 plain ones reversed: {expected}")


def test_consent_counts_as_decided_at_the_event_time():
    history = [{"email": "ana@example.com", "at": gen.minutes(10), "decision": "opt-in"},
               {"email": "ana@example.com", "at": gen.minutes(20), "decision": "opt-out"},
               {"email": "ana@example.com", "at": gen.minutes(30), "decision": "opt-in"}]
    segments = [{"key": ANA_KEY, "segment": "pet owner", "income_band": "25-50k"}]
    cases = [(5, False), (10, True), (15, True), (20, False), (29, False), (30, True), (99, True)]
    events = [{"event_id": k, "email": "ana@example.com", "at": gen.minutes(k), "ad_id": IPHONE, "action": "book"}
              for k, _ in cases]
    got = cj.join_segments(events, segments, history, KEY)
    for row, (k, consented) in zip(got, cases):
        expected = (consented, IPHONE if consented else None, "pet owner" if consented else None)
        seen = (row["ad_consent"], row["ad_id"], row["segment"])
        assert seen == expected, (f"Ana opted in at minute 10, out at 20, in at 30; her event at minute {k} got "
                                  f"(ad_consent, ad_id, segment) = {seen}, expected {expected}: the latest decision "
                                  "at or before the event counts, and none before the first")


def test_no_record_means_no_consent_and_the_zero_id_is_no_id():
    events = [{"event_id": 1, "email": "ben@example.com", "at": gen.minutes(5), "ad_id": IPHONE, "action": "open app"},
              {"event_id": 2, "email": "ana@example.com", "at": gen.minutes(5), "ad_id": gen.ZERO_AD_ID, "action": "open app"}]
    segments = [{"key": BEN_KEY, "segment": "student", "income_band": "<25k"},
                {"key": ANA_KEY, "segment": "new parent", "income_band": "75-100k"}]
    consent = [{"email": "ana@example.com", "at": gen.minutes(0), "decision": "opt-in"}]
    got = [(r["ad_consent"], r["ad_id"], r["segment"], r["income_band"]) for r in cj.join_segments(events, segments, consent, KEY)]
    expected = [(False, None, None, None), (True, None, "new parent", "75-100k")]
    assert got == expected, (f"Ben has no consent record, Ana opted in and her device reports the all-zero id: "
                             f"(ad_consent, ad_id, segment, income_band) per event came back {got}, expected {expected}")


def test_every_event_is_kept_in_order_and_no_email_leaves():
    users = gen.emails(6)
    events = gen.events(users, 30, seed=1)
    known = gen.attributes(users[:3], seed=2, known_share=1.0)
    segments = [{"key": cj.pseudonymize(u, KEY), **a} for u, a in known.items()]
    consent = [{"email": u, "at": gen.minutes(0), "decision": "opt-in"} for u in users]
    got = cj.join_segments(events, segments, consent, KEY)
    assert [r["event_id"] for r in got] == [e["event_id"] for e in events], (
        f"join_segments returned event ids {[r['event_id'] for r in got]}, expected every event once in the input's "
        f"order {[e['event_id'] for e in events]} (an event the partner does not know is kept)")
    leaks = [r for r in got if "email" in r or any(isinstance(v, str) and "@" in v for v in r.values())]
    assert not leaks, f"output rows carry an email: {leaks[:2]}"
    for row, event in zip(got, events):
        email = event["email"].strip().lower()
        expected = known.get(email, {"segment": None, "income_band": None})
        seen = {"segment": row["segment"], "income_band": row["income_band"]}
        assert seen == expected, f"event {event['event_id']} of {event['email']!r} (opted in) got {seen}, expected the partner's {expected}"


def test_bad_segments_and_consent_records_raise():
    ok = {"key": ANA_KEY, "segment": "student", "income_band": "<25k"}
    event = [{"event_id": 1, "email": "ana@example.com", "at": gen.minutes(1), "ad_id": None, "action": "book"}]
    with pytest.raises(ValueError, match=r"^the key must not be empty"):
        cj.join_segments(event, [ok], [], b"")
    with pytest.raises(cj.SegmentError, match=r"^segment row 1: key 'abc' is not 64 hex digits"):
        cj.join_segments(event, [ok, {**ok, "key": "abc"}], [], KEY)
    with pytest.raises(cj.SegmentError, match=r"^segment row 0: key .* is not 64 hex digits"):
        cj.join_segments(event, [{**ok, "key": "g" * 64}], [], KEY)
    with pytest.raises(cj.SegmentError, match=r"^segment row 0 has no 'income_band'"):
        cj.join_segments(event, [{"key": ANA_KEY, "segment": "student"}], [], KEY)
    with pytest.raises(cj.SegmentError, match=r"^segment rows 0 and 2 have the same key and different attributes"):
        cj.join_segments(event, [ok, {**ok, "key": BEN_KEY}, {**ok, "income_band": "100k+"}], [], KEY)
    with pytest.raises(cj.ConsentError, match=r"^consent record 0: decision must be 'opt-in' or 'opt-out', got 'yes'"):
        cj.join_segments(event, [ok], [{"email": "ana@example.com", "at": gen.minutes(0), "decision": "yes"}], KEY)
    with pytest.raises(ValueError, match=r"^not an email: 'ana.example.com'"):
        cj.join_segments([{**event[0], "email": "ana.example.com"}], [ok], [], KEY)
    got = cj.join_segments(event, [ok, dict(ok)], [], KEY)  # the same row twice: one segment
    assert len(got) == 1, f"a segment row sent twice (same attributes) must be accepted: got {got}"


def consented_at(history, email, at):
    """The test's own reading of a consent log: the last decision at or before `at`."""
    decision = False
    for record in sorted((r for r in history if r["email"].strip().lower() == email), key=lambda r: r["at"]):
        if record["at"] <= at:
            decision = record["decision"] == "opt-in"
    return decision


@settings(max_examples=20, deadline=None, report_multiple_bugs=False)
@given(seed=st.integers(0, 10**6), n_users=st.integers(1, 6), n_events=st.integers(0, 25))
def test_no_opted_out_user_ever_carries_an_ad_id_or_a_partner_attribute(seed, n_users, n_events):
    users = gen.emails(n_users)
    events = gen.events(users, n_events, seed, span_minutes=60)
    history = gen.consent_log(users, seed + 1, span_minutes=60)
    segments = [{"key": cj.pseudonymize(u, KEY), **a} for u, a in gen.attributes(users, seed + 2).items()]
    got = cj.join_segments(events, segments, history, KEY)
    assert len(got) == len(events), f"{len(events)} events in, {len(got)} rows out"
    for row, event in zip(got, events):
        email = event["email"].strip().lower()
        if not consented_at(history, email, event["at"]):
            carried = {k: row[k] for k in ("ad_id", "segment", "income_band") if row[k] is not None}
            assert not carried and row["ad_consent"] is False, (
                f"{email} had not opted in at {event['at']} (consent log: "
                f"{[(r['at'].isoformat(), r['decision']) for r in history if r['email'].strip().lower() == email]}), "
                f"yet its event {event['event_id']} carries {carried} (ad_consent={row['ad_consent']})")
