"""Hidden tests for breakout.data_catalog: other questions (paraphrases, misspellings), a legacy
schema with cryptic column names, search properties, and PII tagging of messy tables with other
column names (checked against labels the generator knows)."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import data_catalog as dg

dc = kata("breakout.data_catalog")

ENTRIES = dg.catalog_entries()
SYNONYMS = dg.synonyms()

# Questions an analyst asks in their own words, and the columns that answer them.
QUESTIONS = [(q, tuple(a.split())) for q, a in [
    ("which company made each aircraft?", "planes.manufacturer"),
    ("aircraft manufacturing company", "planes.manufacturer"),
    ("departure delays in minutes", "flights.dep_delay"),
    ("which column has negative values for early arrivals?", "flights.arr_delay"),
    ("how many engines does a jet have?", "planes.engines"),
    ("motor kind of each airplane", "planes.engine"),
    ("registration of the aircraft that flew", "flights.tailnum planes.tailnum"),
    ("carrier abreviation", "flights.carrier airlines.carrier"),
    ("what is the operator called?", "airlines.name"),
    ("geographic position of each airfield", "airports.lat airports.lon"),
    ("how high is the airfield?", "airports.alt"),
    ("does the hub observe summertime?", "airports.dst"),
    ("offset from GMT", "airports.tz"),
    ("IANA zone name", "airports.tzone"),
    ("planned takeoff time", "flights.sched_dep_time"),
    ("real takeoff time", "flights.dep_time"),
    ("timetable arrival", "flights.sched_arr_time"),
    ("touchdown time of the trip", "flights.arr_time"),
    ("where was the trip headed?", "flights.dest"),
    ("which airfield did the journey start from?", "flights.origin"),
    ("mileage between the two airfields", "flights.distance"),
    ("minutes aloft", "flights.air_time"),
    ("flight number", "flights.flight"),
    ("how muggy was it?", "weather.humid"),
    ("dewpoints", "weather.dewp"),
    ("barometer readings", "weather.pressure"),
    ("snowfall", "weather.precip"),
    ("how cold was it at JFK?", "weather.temp"),
    ("directional wind data", "weather.wind_dir"),
    ("gusty conditions", "weather.wind_gust"),
    ("could pilots see through the haze?", "weather.visib"),
    ("which readings are in millibars?", "weather.pressure"),
    ("weather station of the reading", "weather.origin"),
    ("hourly meteorological timestamp", "weather.time_hour"),
    ("cruising velocity", "planes.speed"),
    ("average speed in mph", "planes.speed"),
    ("passenger capacity of the jet", "planes.seats"),
    ("year of manufacturing", "planes.year"),
    ("local time HHMM of departure", "flights.dep_time flights.sched_dep_time"),
    ("client mailbox", "customers.email"),
    ("cellphone of the shopper", "customers.phone"),
    ("shipping address of the buyer", "customers.street_address"),
    ("what town is the buyer in?", "customers.city"),
    ("when did users join?", "customers.signup_date"),
    ("bronze, silver or gold", "customers.loyalty_tier"),
    ("the patron's complete name", "customers.full_name"),
    ("which staff member handled the complaint?", "support_tickets.agent_name"),
    ("chat or email or phone", "support_tickets.channel"),
    ("headline of the complaint", "support_tickets.subject"),
    ("when was the issue fixed?", "support_tickets.resolved_at"),
    ("when was the case filed?", "support_tickets.opened_at"),
    ("csat", "support_tickets.satisfaction"),
    ("rejected transactions", "payments.status"),
    ("total cost of the purchase in usd", "payments.amount"),
    ("visa or mastercard PAN", "payments.card_number"),
    ("order number of each payment", "payments.order_id"),
    ("card expiration", "payments.card_expiry"),
    ("when was the transaction made?", "payments.paid_at"),
    ("money denomination of the charge", "payments.currency"),
    ("emailed receipts", "customers.email"),
    ("for deliveries", "customers.street_address"),
    ("identification of the buyer", "customers.customer_id payments.customer_id support_tickets.customer_id"),
]]

# Misspelled or run-together words: character n-grams still overlap, whole words do not.
TYPOS = [(q, tuple(a.split())) for q, a in [
    ("manufaturer of the plane", "planes.manufacturer"),
    ("arival delay", "flights.arr_delay"),
    ("visibilty", "weather.visib"),
    ("satisfation", "support_tickets.satisfaction"),
    ("customer adress", "customers.street_address customers.email"),
    ("precipitaton", "weather.precip"),
    ("humidty", "weather.humid"),
    ("distnce flown", "flights.distance"),
    ("expiraton date of the card", "payments.card_expiry"),
    ("destinaton airport", "flights.dest"),
    ("engnes", "planes.engines"),
    ("phne numbr of the customer", "customers.phone"),
    ("windspeed", "weather.wind_speed"),
    ("dewpont", "weather.dewp"),
    ("temprature", "weather.temp"),
]]


@pytest.fixture(scope="module")
def warehouse():
    return dc.Catalog(ENTRIES, SYNONYMS)


def recall_report(catalog, entries, questions):
    results = [catalog.search(q, k=5) for q, _ in questions]
    recall = dg.recall_at_k(results, questions)
    baseline = dg.recall_at_k([dg.keyword_search(entries, q, 5) for q, _ in questions], questions)
    misses = [(q, a[0], r[:3]) for r, (q, a) in zip(results, questions) if not set(r) & set(a)]
    return recall, baseline, misses


def test_recall_at_5_beats_keyword_search_by_0_1_on_new_questions(warehouse):
    recall, baseline, misses = recall_report(warehouse, ENTRIES, QUESTIONS)
    assert recall >= baseline + 0.1, (
        f"recall@5 on {len(QUESTIONS)} hidden questions is {recall:.3f}, keyword search gets {baseline:.3f}: "
        f"expected at least {baseline + 0.1:.3f}. Missed (question, answer, your top 3): {misses[:8]}"
    )


def test_misspelled_questions_beat_keyword_search_by_0_3(warehouse):
    recall, baseline, misses = recall_report(warehouse, ENTRIES, TYPOS)
    assert recall >= baseline + 0.3, (
        f"recall@5 on {len(TYPOS)} misspelled questions is {recall:.3f}, keyword search gets {baseline:.3f}: "
        f"expected at least {baseline + 0.3:.3f} (character n-grams survive typos). Missed: {misses[:8]}"
    )


# The customer tables again, as a legacy system names them: only the descriptions say what is what.
LEGACY_TABLES = {"customers": "t_0193", "support_tickets": "t_0207", "payments": "t_0311"}


def legacy_catalog():
    renamed, seen = {}, {}
    entries = []
    for e in ENTRIES:
        if e["table"] not in LEGACY_TABLES:
            continue
        table = LEGACY_TABLES[e["table"]]
        seen[table] = seen.get(table, 0) + 1
        column = f"c{seen[table]:02d}"
        renamed[f"{e['table']}.{e['column']}"] = f"{table}.{column}"
        entries.append({"table": table, "column": column, "description": e["description"]})
    questions = []
    for q, answers in QUESTIONS + TYPOS:
        if all(a in renamed for a in answers):
            questions.append((q, tuple(renamed[a] for a in answers)))
    return entries, questions


def test_a_legacy_schema_is_found_by_its_descriptions():
    entries, questions = legacy_catalog()
    assert len(questions) >= 20
    catalog = dc.Catalog(entries, SYNONYMS)
    recall, baseline, misses = recall_report(catalog, entries, questions)
    assert recall >= max(0.8, baseline + 0.1), (
        f"recall@5 on {len(questions)} questions over tables t_0193, t_0207, t_0311 with columns c01, c02, ... is "
        f"{recall:.3f} (keyword search over the descriptions: {baseline:.3f}), expected at least "
        f"{max(0.8, baseline + 0.1):.3f}: the descriptions must be embedded, not only the names. Missed: {misses[:6]}"
    )


def test_char_ngrams_work_without_synonyms():
    entries = [{"table": "flights", "column": "dep_delay", "description": "Departure delay in minutes"},
               {"table": "flights", "column": "distance", "description": "Distance between airports in miles"},
               {"table": "planes", "column": "seats", "description": "Number of seats"},
               {"table": "weather", "column": "visib", "description": "Visibility in miles"}]
    catalog = dc.Catalog(entries, {})
    for question, answer in [("delayed departures", "flights.dep_delay"), ("seating", "planes.seats"),
                             ("how visible", "weather.visib"), ("distant airport", "flights.distance")]:
        got = catalog.search(question, k=1)
        assert got == [answer], f"search({question!r}, k=1) with no synonyms returned {got}, expected [{answer!r}]"


def test_an_empty_catalog_finds_nothing():
    catalog = dc.Catalog([], SYNONYMS)
    assert catalog.search("aircraft maker", k=3) == [], "search on a catalog with no entries should return []"
    assert catalog.sql("SELECT count(*) FROM catalog") == [(0,)], "an empty catalog still has its (empty) table"


def test_k_one_and_the_full_catalog(warehouse):
    assert warehouse.search("temperature", k=1) == ["weather.temp"], f"search('temperature', k=1) returned {warehouse.search('temperature', k=1)}"
    assert len(warehouse.search("temperature", k=len(ENTRIES))) == len(ENTRIES)


VOCABULARY = sorted({w for e in ENTRIES for w in e["description"].lower().replace(",", " ").split()} |
                    set(list(SYNONYMS)[::3]))


@settings(max_examples=25)  # two DuckDB queries an example
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).filter(
    lambda ws: any(len(w) > 1 and w not in dg.STOPWORDS for w in ws)), st.integers(1, 12))
def test_a_smaller_k_is_a_prefix_of_a_larger_one(warehouse, ws, k):
    question = " ".join(ws)
    small, large = warehouse.search(question, k=k), warehouse.search(question, k=k + 7)
    assert len(small) == k and len(set(large)) == k + 7, f"search({question!r}) returned {small} / {large}"
    assert large[:k] == small, f"search({question!r}, k={k}) returned {small}, but k={k + 7} starts {large[:k]}"


@settings(max_examples=40)
@given(st.lists(st.sampled_from(VOCABULARY + ["The", "OF", "and", "?"]), min_size=1, max_size=8))
def test_embed_ignores_case_and_stop_words(warehouse, ws):
    text = " ".join(ws)
    v = warehouse.embed(text)
    assert v.shape == (256,) and v.dtype == np.float32
    norm = float(np.linalg.norm(v))
    assert abs(norm - 1) < 1e-5 or norm == 0, f"embed({text!r}) has norm {norm}, expected 1 (or 0 for no words)"
    assert np.allclose(warehouse.embed(text.upper() + " the of"), v, atol=1e-6), f"embed({text!r}) changed with case or stop words"


@pytest.mark.parametrize("k", [2.0, "5", None, True, 0, -5], ids=["float", "str", "None", "bool", "zero", "negative"])
def test_k_that_is_not_an_int_raises(warehouse, k):
    with pytest.raises(ValueError, match="k must be an int >= 1"):
        warehouse.search("aircraft maker", k=k)


@pytest.mark.parametrize("question", ["?!", "the of and", "\n\t"], ids=["punctuation", "stop-words", "whitespace"])
def test_more_empty_questions(warehouse, question):
    with pytest.raises(ValueError, match="empty question"):
        warehouse.search(question, k=3)


@pytest.mark.parametrize("key", ["table", "column", "description"])
def test_an_entry_without_a_key_raises(key):
    entry = {"table": "planes", "column": "seats", "description": "Number of seats"}
    del entry[key]
    with pytest.raises(ValueError, match=key):
        dc.Catalog([{"table": "planes", "column": "engines", "description": "Number of engines"}, entry], {})


# --- personal data -----------------------------------------------------------------------------------

HIDDEN_TABLES = {
    "crm_contacts": [("id", "id"), ("contact", "email"), ("mobile", "phone"), ("full_name", "name"),
                     ("company", "company"), ("home", "address"), ("created_ts", "epoch")],
    "orders": [("order_no", "long_id"), ("buyer", "name"), ("cc", "card"), ("ship_to", "address"),
               ("total", "amount"), ("tracking", "long_id"), ("placed", "timestamp")],
    "leads": [("lead_id", "code_id"), ("name", "name"), ("reach_at", "phone"), ("mail", "email"),
              ("zip", "zip"), ("status", "status")],
    "billing": [("account", "long_id"), ("holder", "name"), ("pan", "card"), ("exp", "expiry"),
                ("phone_number", "phone"), ("amount", "amount"), ("ref", "long_id")],
    "helpdesk": [("case", "code_id"), ("requester_email", "email"), ("callback", "phone"), ("owner", "name"),
                 ("topic", "subject"), ("city", "city")],
}


def test_f1_at_least_0_9_on_messy_tables_with_other_column_names():
    gold, predicted, wrong = [], [], []
    for i, (table, spec) in enumerate(HIDDEN_TABLES.items()):
        columns, rows, labels = dg.make_table(spec, n_rows=40, seed=100 + i, missing=0.15, style="messy")
        got = dc.tag_pii(columns, rows)
        assert len(got) == len(columns), f"tag_pii({table}) returned {len(got)} labels for {len(columns)} columns"
        gold += labels
        predicted += got
        wrong += [(f"{table}.{c}", g, p) for c, g, p in zip(columns, labels, got) if g != p]
    f1 = dg.pii_f1(gold, predicted)
    assert f1 >= 0.9, f"micro F1 over the PII labels is {f1:.3f} on {len(gold)} columns, expected at least 0.9; wrong (column, expected, got): {wrong}"


def test_sixteen_digit_ids_that_fail_luhn_are_not_cards():
    columns, rows, labels = dg.make_table([("order_no", "long_id"), ("tracking", "long_id"), ("cc", "card")],
                                          n_rows=30, seed=7, missing=0.0, style="messy")
    got = dc.tag_pii(columns, rows)
    assert got == ["none", "none", "card_number"], (
        f"tag_pii(order_no, tracking: 16 random digits; cc: card numbers) returned {got}, expected "
        f"['none', 'none', 'card_number']: a card number passes the Luhn check, e.g. {rows[0][2]!r}, {rows[0][0]!r} does not"
    )
    assert dc.value_label("4111111111111112") == "none" and dc.value_label("4111-1111-1111-1111") == "card_number"


@pytest.mark.parametrize(
    "phone",
    ["+1 (212) 555-0143", "(212) 555 0143", "212.555.0143", "+1 212 555 0143", "2125550143", "+12125550143",
     "1-212-555-0143", "212-555-0143", "+44 20 7946 0958", "+49 30 90182012", " (415) 867-5309 "],
)
def test_phone_formats(phone):
    got = dc.value_label(phone)
    assert got == "phone", f"value_label({phone!r}) returned {got!r}, expected 'phone'"


def test_a_column_of_formatted_phones():
    rng = random.Random(3)
    formats = ["+1 ({a}) {e}-{l}", "({a}) {e} {l}", "{a}.{e}.{l}", "+1 {a} {e} {l}"]
    rows = [(rng.choice(formats).format(a=rng.randint(201, 989), e=rng.randint(200, 999), l=f"{rng.randint(0, 9999):04d}"),)
            for _ in range(20)]
    got = dc.tag_pii(["mobile"], rows)
    assert got == ["phone"], f"tag_pii(['mobile'], {rows[:3]}...) returned {got}, expected ['phone']"


@pytest.mark.parametrize(
    "value",
    [1700000000, "1712345678", 12345, "02139", "2024-03-05 10:22:00", "19.99", "N14228", "T-004211", "EWR",
     "Card declined twice", "Salt Lake City", "Stark Industries", 3.5, True, "1234 5678"],
)
def test_values_that_are_not_personal_data(value):
    got = dc.value_label(value)
    assert got == "none", f"value_label({value!r}) returned {got!r}, expected 'none'"


@pytest.mark.parametrize(
    "value, label",
    [("ADA LOVELACE", "person_name"), ("ada lovelace", "person_name"), ("Hopper, Grace", "person_name"),
     ("Zephyrine Johnson", "person_name"), ("Mary-Kate O'Brien Smith", "person_name"),
     ("12 Main St.", "address"), ("4500 OAK AVENUE", "address"), ("9 N Market Blvd, Springfield", "address"),
     ("First.Last@Corp.Example.NET", "email"), ("378282246310005", "card_number"), ("6011 0009 9013 9424", "card_number")],
)
def test_more_value_labels(value, label):
    got = dc.value_label(value)
    assert got == label, f"value_label({value!r}) returned {got!r}, expected {label!r}"


def test_missing_values_do_not_vote():
    rows = [(None,), ("",), ("  ",), (float("nan"),), ("ada@example.com",), (None,), ("grace@example.org",), ("",)]
    got = dc.tag_pii(["contact"], rows)
    assert got == ["email"], f"tag_pii: 2 emails among 6 missing values returned {got}, expected ['email'] (missing values do not count)"
    assert dc.tag_pii(["x"], [(None,), ("",)]) == ["none"], "a column with only missing values should be 'none'"
    assert dc.tag_pii([], []) == [] and dc.tag_pii([], [(), ()]) == [], "no columns -> []"


def test_a_minority_of_emails_is_not_an_email_column():
    rows = [("ada@example.com",), ("see ticket",), ("n/a",), ("call back",), ("grace@example.org",)]
    got = dc.tag_pii(["notes"], rows)
    assert got == ["none"], f"tag_pii(2 emails out of 5 values) returned {got}, expected ['none'] (less than half)"


@pytest.mark.parametrize("table", ["airports", "planes", "airlines"])
def test_more_real_rows_hold_no_people(table):
    columns, rows = dg.flights_sample(table, 200)
    got = dc.tag_pii(columns, rows)
    assert set(got) == {"none"}, f"tag_pii(200 rows of {table}) returned {dict(zip(columns, got))}"


@settings(max_examples=30)
@given(st.permutations(range(9)), st.integers(0, 1000))
def test_labels_follow_the_values_not_the_names_or_order(order, seed):
    columns, rows, labels = dg.make_table(dg.PAYMENTS, n_rows=20, seed=seed, missing=0.1, style="messy")
    base = dc.tag_pii(columns, rows)
    shuffled = dc.tag_pii([f"col{j}" for j in order], [tuple(r[j] for j in order) for r in rows])
    assert shuffled == [base[j] for j in order], f"renaming and reordering the columns changed the labels: {base} vs {shuffled}"


def test_the_bad_row_is_named():
    rows = [("a", 1), ("b", 2), ("c", 3), ("d", 4, "extra")]
    with pytest.raises(ValueError, match=r"row 3\b"):
        dc.tag_pii(["name", "n"], rows)
    with pytest.raises(ValueError, match="row 0"):
        dc.tag_pii(["name", "n"], [["only one"]])


@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.data())
def test_luhn_catches_every_single_digit_error(body, data):
    number = next(body + d for d in "0123456789" if dc.luhn_valid(body + d))
    i = data.draw(st.integers(0, len(number) - 1), label="position")
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]), label="digit")
    typo = number[:i] + wrong + number[i + 1:]
    assert not dc.luhn_valid(typo), f"luhn_valid({typo!r}) is True, but it is {number!r} with digit {i} changed"


@pytest.mark.parametrize("text, got", [(None, "NoneType"), (["dep", "delay"], "list"), (b"delay", "bytes")])
def test_words_and_features_take_a_str(text, got):
    with pytest.raises(TypeError, match=f"^words expects text as a str, got {got}"):
        dc.words(text)
    with pytest.raises(TypeError, match=f"^words expects text as a str, got {got}"):
        dc.features(text)


def test_catalog_entries_must_be_a_list_of_dicts():
    with pytest.raises(TypeError, match="^Catalog expects entries as a list of dicts, got dict"):
        dc.Catalog(ENTRIES[0])
    with pytest.raises(TypeError, match="^Catalog expects entries as a list of dicts, got NoneType"):
        dc.Catalog(None)
    with pytest.raises(ValueError, match="^entry 1 must be a dict with 'table', 'column' and 'description' strings, got str"):
        dc.Catalog([ENTRIES[0], "flights.dep_delay"])


def test_an_empty_catalog_without_synonyms_finds_nothing():
    assert dc.Catalog([]).search("departure delay", k=3) == []


@pytest.mark.parametrize("columns, rows, message", [
    ("id,email", [(1, "a@b.com")], "tag_pii expects columns as a list of names, got str"),
    (["id", "email"], None, "tag_pii expects rows as a list of rows, got NoneType"),
    (["id", "email"], [{"id": 1, "email": "a@b.com"}], "tag_pii expects each row as a list or tuple of values, got dict at row 0"),
])
def test_tag_pii_wrong_types(columns, rows, message):
    with pytest.raises(TypeError, match=f"^{message}"):
        dc.tag_pii(columns, rows)


def test_tag_pii_without_rows():
    assert dc.tag_pii(["id", "email"], []) == ["none", "none"]
    assert dc.tag_pii([], []) == []


def test_features_are_the_word_and_its_3_4_and_5_grams():
    marked = "<taxi>"
    grams = [marked[i:i + n] for n in (3, 4, 5) for i in range(len(marked) - n + 1)]
    expected = {"w:taxi": 2, **{g: 2 for g in grams}}
    got = dict(dc.features("taxi Taxi", {}))
    assert got == expected, f"features('taxi Taxi', {{}}) returned {got}, expected {expected}"


def test_a_plural_meets_its_singular_synonym():
    # As in the statement, where "makers" finds the synonym of "maker".
    got = dc.words("Carriers flown by pilots", {"carrier": "airline", "pilot": "crew"})
    assert got == ["airline", "flown", "crew"], f"words('Carriers flown by pilots', {{'carrier': 'airline', 'pilot': 'crew'}}) returned {got}, expected ['airline', 'flown', 'crew']"


def test_one_letter_words_are_dropped():
    text = "Route X: UA's gate 7 to SFO's B gate"
    got = dc.words(text, {})
    assert got == ["route", "ua", "gate", "sfo", "gate"], f"words({text!r}, {{}}) returned {got}, expected ['route', 'ua', 'gate', 'sfo', 'gate'] (x, s, 7, b are 1-letter words; ua has 2)"


@pytest.mark.parametrize("number", ["79927398713/", "4111.1111.1111.1111", "6011 1111 1111 1117 ok", "  ", "- -"],
                         ids=["slash", "dots", "trailing-word", "spaces-only", "dashes-only"])
def test_luhn_takes_only_digits_spaces_and_dashes(number):
    # The digits of the first three pass the check; a character other than a digit, a space or a dash
    # makes it not a card number, and separators alone hold no number at all.
    got = dc.luhn_valid(number)
    assert got is False, f"luhn_valid({number!r}) returned {got!r}, expected False"
