"""Hidden tests for sources.consent_join: the statement's rules at their boundaries, and a
differential test against an oracle written here from the rules (hmac for the pseudonym, a
plain scan of the consent log for the decision), never from the solution."""
import hashlib
import hmac
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import consent_join as gen

cj = kata("sources.consent_join")
KEY = b"another partner, another key"
FIELDS = ("segment", "income_band")
IPHONE = "0F5E2C7A-93B1-4C3E-8D0A-1B2C3D4E5F60"


# --- the oracle ----------------------------------------------------------------------------

def norm(email):
    return email.strip().lower()


def partner_key(email, key=KEY):
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, norm(email).encode("utf-8"), hashlib.sha256).hexdigest()


def decision_at(log, email, at):
    """Scan the whole log: the record with the greatest at <= `at` wins, the later in the list on ties."""
    best = None
    for position, record in enumerate(log):
        if norm(record["email"]) == email and record["at"] <= at:
            if best is None or (record["at"], position) >= best[:2]:
                best = (record["at"], position, record["decision"] == "opt-in")
    return bool(best and best[2])


def expected_rows(events, segments, log, key=KEY):
    by_key = {row["key"].lower(): row for row in segments}
    out = []
    for event in events:
        email = norm(event["email"])
        user_key = partner_key(email, key)
        yes = decision_at(log, email, event["at"])
        row = {k: v for k, v in event.items() if k != "email"}
        row["user_key"] = user_key
        row["ad_consent"] = yes
        row["ad_id"] = event.get("ad_id") if yes and event.get("ad_id") != gen.ZERO_AD_ID else None
        segment = by_key.get(user_key) if yes else None
        for name in FIELDS:
            row[name] = segment[name] if segment else None
        out.append(row)
    return out


def event(k, email="ana@example.com", ad_id=IPHONE, event_id=None):
    return {"event_id": k if event_id is None else event_id, "email": email, "at": gen.minutes(k), "ad_id": ad_id,
            "action": "view listing"}


def record(k, decision, email="ana@example.com"):
    return {"email": email, "at": gen.minutes(k), "decision": decision}


def segment(email="ana@example.com", seg="car shopper", band="100k+", upper=False):
    key = partner_key(email)
    return {"key": key.upper() if upper else key, "segment": seg, "income_band": band}


# --- normalization, the pseudonym, the attack --------------------------------------------------

@pytest.mark.parametrize("email, expected", [
    ("a@b", "a@b"), (" A@B ", "a@b"), ("José.Ñúñez@Correo.ES", "josé.ñúñez@correo.es"),
    ("\n\tMixed.Case+Tag@Sub.Example.COM  ", "mixed.case+tag@sub.example.com"),
])
def test_normalization(email, expected):
    got = cj.normalize_email(email)
    assert got == expected, f"normalize_email({email!r}) returned {got!r}, expected {expected!r}"


@pytest.mark.parametrize("email", ["", "a", "@", "a@", "@b", " @b ", "a@b@c", "a@@b", None, b"a@b", ["a@b"]])
def test_normalization_refuses(email):
    with pytest.raises(ValueError, match=r"^not an email: "):
        got = cj.normalize_email(email)
        pytest.fail(f"normalize_email({email!r}) returned {got!r}, expected ValueError")
    with pytest.raises(ValueError, match=r"^not an email: "):
        cj.pseudonymize(email, KEY)


@settings(max_examples=60, deadline=None)
@given(local=st.text(st.characters(blacklist_characters="@", blacklist_categories=("Cs",)), min_size=1, max_size=12),
       domain=st.text(st.characters(blacklist_characters="@", blacklist_categories=("Cs",)), min_size=1, max_size=12),
       key=st.binary(min_size=1, max_size=40), pad=st.sampled_from(["", " ", "\t", "  \n"]))
@example(local="Ana", domain="Example.com", key=b"k", pad=" ")
def test_pseudonymize_is_hmac_sha256_of_the_normalized_email(local, domain, key, pad):
    email = pad + local + "@" + domain + pad
    normalized = email.strip().lower()
    l, _, d = normalized.partition("@")
    if not l or not d:
        with pytest.raises(ValueError, match=r"^not an email: "):
            cj.pseudonymize(email, key)
        return
    got = cj.pseudonymize(email, key)
    expected = hmac.new(key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()
    assert got == expected, f"pseudonymize({email!r}, {key!r}) returned {got!r}, expected HMAC-SHA256 hex {expected!r}"


def test_the_key_rules():
    with pytest.raises(ValueError, match=r"^the key must not be empty"):
        cj.pseudonymize("ana@example.com", "")
    with pytest.raises(ValueError, match=r"^the key must not be empty"):
        cj.pseudonymize("not an email", b"")  # the key is checked first
    got = cj.pseudonymize("ana@example.com", "clé")
    expected = hmac.new("clé".encode(), b"ana@example.com", hashlib.sha256).hexdigest()
    assert got == expected, f"pseudonymize('ana@example.com', 'clé') returned {got!r}, expected the HMAC under its UTF-8 bytes {expected!r}"


def test_the_attack_recovers_every_plain_hash_and_none_of_the_candidates_own_pseudonyms():
    users = gen.emails(30)
    rnd = random.Random(3)
    plain = {hashlib.sha256(u.encode()).hexdigest(): u for u in users[:15]}
    shown = {h.upper() if rnd.random() < 0.3 else h: u for h, u in plain.items()}  # some hashes come upper-cased
    keyed = [cj.pseudonymize(u, KEY) for u in users]
    candidates = [gen.messy(u, rnd) for u in users] + ["nobody@example.com", "", "@@", "x"]
    got = cj.dictionary_attack(list(shown) + keyed, candidates)
    assert got == shown, (f"dictionary_attack over 15 plain SHA-256 hashes (some upper-case), the 30 users' own "
                          f"pseudonymize() values and 34 messy candidates returned {len(got)} hits: {sorted(got.items())[:3]}..., "
                          f"expected exactly the 15 plain ones, keyed as given: a pseudonym an attacker can reverse is no pseudonym")
    got = cj.dictionary_attack(keyed, [u.upper() for u in users])
    assert got == {}, f"dictionary_attack reversed {len(got)} of the HMAC pseudonyms, e.g. {next(iter(got.items()))}: without the key it must find none"
    assert cj.dictionary_attack([], users) == {}, "dictionary_attack([], users) must be {}"


# --- consent, segments, rows ------------------------------------------------------------------

@pytest.mark.parametrize("log, k, expected", [
    ([], 10, False),
    ([record(10, "opt-in")], 9, False),
    ([record(10, "opt-in")], 10, True),
    ([record(10, "opt-in")], 11, True),
    ([record(10, "opt-in"), record(20, "opt-out")], 19, True),
    ([record(10, "opt-in"), record(20, "opt-out")], 20, False),
    ([record(20, "opt-out"), record(10, "opt-in")], 15, True),  # the log is not in time order
    ([record(20, "opt-out"), record(10, "opt-in")], 25, False),
    ([record(10, "opt-out"), record(10, "opt-in")], 10, True),  # same time: the later in the list
    ([record(10, "opt-in"), record(10, "opt-out")], 10, False),
    ([record(5, "opt-out")], 10, False),
    ([record(5, "opt-in", email="ben@example.com")], 10, False),  # someone else's yes
    ([record(5, "opt-in", email="  ANA@example.COM")], 10, True),
])
def test_the_decision_at_the_event_time_counts(log, k, expected):
    row = cj.join_segments([event(k)], [segment()], log, KEY)[0]
    seen = (row["ad_consent"], row["ad_id"], row["segment"], row["income_band"])
    want = (True, IPHONE, "car shopper", "100k+") if expected else (False, None, None, None)
    history = [(r["email"], r["at"].strftime("%H:%M"), r["decision"]) for r in log]
    assert seen == want, f"an event of ana@example.com at 00:{k:02d}, consent log {history}: got (ad_consent, ad_id, segment, income_band) = {seen}, expected {want}"


def test_zero_and_missing_ad_ids():
    events = [event(1, ad_id=gen.ZERO_AD_ID), event(2, ad_id=None), {k: v for k, v in event(3).items() if k != "ad_id"}]
    got = cj.join_segments(events, [segment()], [record(0, "opt-in")], KEY)
    assert [r["ad_id"] for r in got] == [None, None, None], f"ad_ids came back {[r['ad_id'] for r in got]}, expected [None, None, None]"
    assert [r["segment"] for r in got] == ["car shopper"] * 3, f"an opted-in user without an ad id still gets the partner's segment: got {[r['segment'] for r in got]}"


def test_keys_match_whatever_their_case_and_a_repeated_row_is_one_segment():
    got = cj.join_segments([event(1)], [segment(upper=True), segment()], [record(0, "opt-in")], KEY)
    assert got[0]["segment"] == "car shopper", f"the partner's key in upper-case hex must still match: got segment {got[0]['segment']!r}"
    assert got[0]["user_key"] == partner_key("ana@example.com"), f"user_key must be lower-case hex: got {got[0]['user_key']!r}"


def test_a_key_may_use_every_hex_digit_in_both_cases():
    key = "0123456789abcdefABCDEF" * 2 + "0123456789abcdefABCD"  # 64 digits, all 22 hex characters
    assert len(key) == 64
    row = {"key": key, "segment": "boat owner", "income_band": "75-100k"}
    got = cj.join_segments([event(1)], [segment(), row], [record(0, "opt-in")], KEY)
    assert got[0]["segment"] == "car shopper", f"a mixed-case key of 64 hex digits is a valid segment key: got {got}"


def test_events_the_partner_does_not_know_are_kept():
    events = [event(1, "cy@example.com", event_id=7), event(2, event_id=3), event(3, "dev@example.com", event_id=5)]
    log = [record(0, "opt-in", e) for e in ("ana@example.com", "cy@example.com", "dev@example.com")]
    got = cj.join_segments(events, [segment()], log, KEY)
    assert [r["event_id"] for r in got] == [7, 3, 5], f"event ids came back {[r['event_id'] for r in got]}, expected [7, 3, 5]"
    assert [r["segment"] for r in got] == [None, "car shopper", None], f"segments came back {[r['segment'] for r in got]}"
    assert [r["ad_id"] for r in got] == [IPHONE] * 3, f"three opted-in users: ad_ids came back {[r['ad_id'] for r in got]}"
    assert cj.join_segments([], [segment()], log, KEY) == [], "no events: no rows"


def test_the_errors_in_the_stated_order():
    good_event, good_segment, good_record = [event(1)], [segment()], [record(0, "opt-in")]
    bad_key = {**segment(), "key": "ab" * 31}
    cases = [
        (("x", [bad_key], [record(0, "maybe")], b""), ValueError, r"^the key must not be empty"),
        ((good_event, [segment(), bad_key], [record(0, "maybe")], KEY), cj.SegmentError, r"^segment row 1: key "),
        ((good_event, [{**segment(), "key": 64}], [], KEY), cj.SegmentError, r"^segment row 0: key 64 is not 64 hex digits"),
        ((good_event, [{"segment": "x", "income_band": "y"}], [], KEY), cj.SegmentError, r"^segment row 0: key None is not 64 hex digits"),
        ((good_event, [{**segment(), "key": "a" * 65}], [], KEY), cj.SegmentError, r"^segment row 0: key 'a{65}' is not 64 hex digits"),
        ((good_event, [{**segment(), "key": "a" * 63 + " "}], [], KEY), cj.SegmentError, r"^segment row 0: key "),
        ((good_event, [segment(), {"key": partner_key("b@x.org"), "income_band": "y"}], [], KEY), cj.SegmentError, r"^segment row 1 has no 'segment'"),
        ((good_event, [segment("b@x.org"), segment(), segment(band="<25k", upper=True)], [record(0, "maybe")], KEY),
         cj.SegmentError, r"^segment rows 1 and 2 have the same key and different attributes"),
        ((good_event, good_segment, [good_record[0], record(0, "OPT-IN")], KEY), cj.ConsentError,
         r"^consent record 1: decision must be 'opt-in' or 'opt-out', got 'OPT-IN'"),
        ((good_event, good_segment, [record(0, "yes", email="nope")], KEY), cj.ConsentError, r"^consent record 0: decision"),
        ((good_event, good_segment, [record(0, "opt-in", email="nope")], KEY), ValueError, r"^not an email: 'nope'"),
        (([event(1), event(2, email="a@b@c")], good_segment, good_record, KEY), ValueError, r"^not an email: 'a@b@c'"),
    ]
    for args, error, message in cases:
        with pytest.raises(error, match=message):
            got = cj.join_segments(*args)
            pytest.fail(f"join_segments({args}) returned {got}, expected {error.__name__} matching {message!r}")
    for error in (cj.SegmentError, cj.ConsentError):
        assert issubclass(error, ValueError), f"{error.__name__} must be a ValueError"


# --- the differential test ---------------------------------------------------------------------

def scenario(seed, n_users, n_events, span):
    rnd = random.Random(seed)
    users = gen.emails(n_users)
    events = gen.events(users, n_events, seed, span_minutes=span)
    log = gen.consent_log(users, seed + 1, span_minutes=span)
    known = gen.attributes(users, seed + 2)
    segments = [segment(u, a["segment"], a["income_band"], upper=rnd.random() < 0.2) for u, a in known.items()]
    segments += [dict(s) for s in segments if rnd.random() < 0.2]  # resent rows
    segments += [segment(f"stranger{i}@elsewhere.com") for i in range(rnd.randrange(3))]  # not our users
    rnd.shuffle(segments)
    return events, segments, log


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**6), n_users=st.integers(1, 8), n_events=st.integers(0, 40), span=st.sampled_from([5, 30, 600]))
@example(seed=0, n_users=1, n_events=1, span=5)
@example(seed=1, n_users=3, n_events=40, span=5)  # a short span: many events exactly at a decision's time
@example(seed=2, n_users=8, n_events=40, span=600)
def test_rows_match_the_oracle(seed, n_users, n_events, span):
    events, segments, log = scenario(seed, n_users, n_events, span)
    got = cj.join_segments(events, segments, log, KEY)
    expected = expected_rows(events, segments, log)
    assert len(got) == len(expected), f"{len(events)} events in, {len(got)} rows out"
    for g, e, ev in zip(got, expected, events):
        email = norm(ev["email"])
        history = [(r["at"].strftime("%H:%M"), r["decision"]) for r in log if norm(r["email"]) == email]
        assert g == e, (f"event {ev['event_id']} of {ev['email']!r} at {ev['at'].strftime('%H:%M')} "
                        f"(consent log of {email}: {history}) came back\n{g}\nexpected\n{e}")
        if e["ad_consent"]:
            continue
        assert g["ad_id"] is None and all(g[f] is None for f in FIELDS), f"an opted-out user's row carries {g}"
