"""A semantic data catalog: find columns by meaning, tag personal data by its values.

Reference solution. See exercises/breakout/data_catalog.py for the statement.
"""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter

import duckdb
import numpy as np

DIM = 256             # hash buckets: the embedding's length (FLOAT[256] in DuckDB)
NGRAMS = (3, 4, 5)    # character n-gram sizes, taken from "<word>" with boundary marks
WORD_WEIGHT = 2.0     # a whole-word match counts for more than one shared n-gram
LABELS = ("email", "phone", "card_number", "person_name", "address", "none")
ENTRY_KEYS = ("table", "column", "description")
MIN_SHARE = 0.5       # a column takes a label when at least half its non-missing values have it

STOPWORDS = frozenset(
    """a an and are as at be by can could data did do does each every field fields find for from
    get had has have how i in is it its me my of on or our table tables the their there this to
    was we were what when where which who whose why will with you your column columns""".split()
)

FIRST_NAMES = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
    jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
    samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan
    henry douglas zachary peter kyle alan ada grace mary patricia jennifer linda elizabeth barbara
    susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle
    carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela
    shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn
    janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
    christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann
    sara madison frances kathryn janice jean abigail alice judy sophia julia marie denise ken""".split()
)
LAST_NAMES = frozenset(
    """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
    gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
    sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
    flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips
    evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
    gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
    watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders
    patel myers long ross foster jimenez lovelace hopper turing""".split()
)
STREET_SUFFIXES = (
    "st street ave avenue rd road blvd boulevard ln lane dr drive way ct court pl place ter terrace "
    "pkwy parkway hwy highway sq square"
).split()


# --- words, features, embeddings ------------------------------------------------------------------

def _canonical(token: str, synonyms: dict[str, str]) -> str:
    """The synonym group's head for a token, trying the plural-less forms too."""
    for form in (token, token[:-1] if token.endswith("s") else None, token[:-2] if token.endswith("es") else None):
        if form and form in synonyms:
            return synonyms[form]
    return token


def words(text: str, synonyms: dict[str, str] | None = None) -> list[str]:
    """Lower-case words of text without stop words and 1-letter words, each replaced by its
    synonym group's head: "Which aircraft makers left late?" -> ['plane', 'manufacturer', 'departure', 'delay']."""
    if not isinstance(text, str):
        raise TypeError(f"words expects text as a str, got {type(text).__name__}")
    synonyms = synonyms or {}
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return [_canonical(t, synonyms) for t in tokens if len(t) > 1 and t not in STOPWORDS]


def features(text: str, synonyms: dict[str, str] | None = None) -> Counter:
    """Counts of the text's features: each word ('w:plane') and the character 3-, 4- and
    5-grams of '<word>' (so 'departure' and 'departures' share most of theirs)."""
    out: Counter = Counter()
    for word in words(text, synonyms):
        out["w:" + word] += 1
        marked = f"<{word}>"
        for n in NGRAMS:
            for i in range(len(marked) - n + 1):
                out[marked[i:i + n]] += 1
    return out


def bucket(feature: str, dim: int) -> tuple[int, float]:
    """Where a feature lands in a dim-long vector, and with which sign."""
    # crc32, not hash(): Python salts str hashes per process, and an index must mean the same
    # thing tomorrow. One more bit picks a sign, so colliding features cancel out on average
    # instead of always adding up.
    h = zlib.crc32(feature.encode("utf-8"))
    return h % dim, (1.0 if (h >> 31) & 1 else -1.0)


def _doc_text(entry: dict) -> str:
    return f"{entry['table']} {entry['column'].replace('_', ' ')} {entry['description']}"


class Catalog:
    """Column descriptions embedded into a DuckDB table, searched by cosine distance."""

    def __init__(self, entries: list[dict], synonyms: dict[str, str] | None = None, dim: int = DIM) -> None:
        if not isinstance(dim, int) or dim < 1:
            raise ValueError(f"dim must be a positive int, got {dim!r}")
        if not isinstance(entries, (list, tuple)):
            raise TypeError(f"Catalog expects entries as a list of dicts, got {type(entries).__name__}")
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise ValueError(f"entry {i} must be a dict with 'table', 'column' and 'description' strings, "
                                 f"got {type(entry).__name__}")
            for key in ENTRY_KEYS:
                if not isinstance(entry.get(key), str):
                    raise ValueError(f"entry {i} has no {key!r} string: {entry!r}")
        self.synonyms = dict(synonyms or {})
        self.dim = dim
        docs = [features(_doc_text(e), self.synonyms) for e in entries]
        # Smoothed inverse document frequency: a feature in every description ('<th', 'w:time')
        # says little; one in a single description ('w:manufacturer') says a lot.
        df: Counter = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self._idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
        self._unseen_idf = math.log(1 + n) + 1.0
        self.con = duckdb.connect()  # in memory, one per catalog
        self.con.execute(
            f"CREATE TABLE catalog (table_name VARCHAR, column_name VARCHAR, description VARCHAR, vec FLOAT[{dim}])"
        )
        if entries:
            self.con.executemany(
                "INSERT INTO catalog VALUES (?, ?, ?, ?)",
                [(e["table"], e["column"], e["description"], self._vector(doc).tolist()) for e, doc in zip(entries, docs)],
            )

    def _vector(self, feats: Counter) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float64)
        for f, count in feats.items():
            weight = (WORD_WEIGHT if f.startswith("w:") else 1.0) * (1.0 + math.log(count))  # sublinear tf
            index, sign = bucket(f, self.dim)
            vec[index] += sign * weight * self._idf.get(f, self._unseen_idf)
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).astype(np.float32)

    def embed(self, text: str) -> np.ndarray:
        """The unit-length float32 vector of `text` (all zeros when it has no words)."""
        return self._vector(features(text, self.synonyms))

    def search(self, question: str, k: int = 5) -> list[str]:
        """The k columns whose descriptions are nearest the question, as 'table.column', best first."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an int >= 1, got {k!r}")
        if not isinstance(question, str) or not words(question, self.synonyms):
            raise ValueError(f"empty question: {question!r} has no words to search for")
        q = self.embed(question)
        rows = self.con.execute(
            f"""
            SELECT table_name || '.' || column_name
            FROM catalog
            ORDER BY array_cosine_distance(vec, $q::FLOAT[{self.dim}]), table_name, column_name
            LIMIT $k
            """,
            {"q": q.tolist(), "k": k},
        ).fetchall()
        return [r[0] for r in rows]

    def sql(self, query: str, params: list | dict | None = None) -> list[tuple]:
        """Run SQL on the catalog's DuckDB connection (the table is `catalog`)."""
        return self.con.execute(query, params or []).fetchall()


# --- personal data ------------------------------------------------------------------------------------

EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
# North American numbers: an optional +1, the area code and the exchange start with 2-9
# (so epoch seconds such as 1700000000 are not phones), any of ' ', '.', '-' between groups.
NANP = re.compile(r"^(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[\s.-]?[2-9]\d{2}[\s.-]?\d{4}$")
INTERNATIONAL = re.compile(r"^\+\d[\d\s().-]*\d$")
CARD = re.compile(r"^\d[\d -]*\d$")
ADDRESS = re.compile(
    r"^\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){0,4}?(?:" + "|".join(STREET_SUFFIXES) + r")\b\.?(?:[\s,].*)?$", re.IGNORECASE
)
NAME_WORD = re.compile(r"^[A-Za-z][A-Za-z'.-]*$")


def luhn_valid(number: str) -> bool:
    """The Luhn check of a digit string (spaces and dashes allowed): '4111 1111 1111 1111' -> True."""
    digits = [int(ch) for ch in str(number) if ch.isdigit()]
    if not digits or any(ch not in "0123456789 -" for ch in str(number)):
        return False
    total = 0
    # From the right: every second digit doubled, 9 subtracted when the double has two digits.
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_missing(value: object) -> bool:
    """None, NaN and blank strings are missing values: they vote for no label."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _is_name(text: str) -> bool:
    if "," in text:  # 'LOVELACE, Ada'
        last, _, first = text.partition(",")
        parts = first.split() + last.split()
        given, family = first.split()[:1], last.split()[-1:]
    else:
        parts = text.split()
        given, family = parts[:1], parts[-1:]
    if not 2 <= len(parts) <= 4 or not all(NAME_WORD.match(p) for p in parts):
        return False
    return bool(given and given[0].lower() in FIRST_NAMES) or bool(family and family[0].lower() in LAST_NAMES)


def value_label(value: object) -> str:
    """What one value looks like: one of LABELS."""
    if is_missing(value) or isinstance(value, bool):
        return "none"
    text = str(value).strip()
    if CARD.match(text):
        digits = sum(ch.isdigit() for ch in text)
        # 13-19 digits AND the Luhn check: an order id of 16 random digits passes 1 time in 10,
        # a real card number always does.
        if 13 <= digits <= 19 and luhn_valid(text):
            return "card_number"
    if EMAIL.match(text):
        return "email"
    if NANP.match(text) or (INTERNATIONAL.match(text) and 8 <= sum(ch.isdigit() for ch in text) <= 15):
        return "phone"
    if ADDRESS.match(text):
        return "address"
    if _is_name(text):
        return "person_name"
    return "none"


def tag_pii(columns: list[str], rows: list) -> list[str]:
    """One label per column, decided by the values in its sample (the name may mislead)."""
    # A str is a sequence too: "id,email" would be 8 one-letter columns.
    if isinstance(columns, (str, bytes)) or not isinstance(columns, (list, tuple)):
        raise TypeError(f"tag_pii expects columns as a list of names, got {type(columns).__name__}")
    if not isinstance(rows, (list, tuple)):
        raise TypeError(f"tag_pii expects rows as a list of rows, got {type(rows).__name__}")
    for i, row in enumerate(rows):
        if not isinstance(row, (list, tuple)):
            raise TypeError(f"tag_pii expects each row as a list or tuple of values, got {type(row).__name__} at row {i}")
        if len(row) != len(columns):
            raise ValueError(f"row {i} has {len(row)} values but there are {len(columns)} columns")
    labels = []
    for j in range(len(columns)):
        present = [row[j] for row in rows if not is_missing(row[j])]
        votes = Counter(value_label(v) for v in present)
        votes.pop("none", None)
        best = max(votes.items(), key=lambda kv: (kv[1], -LABELS.index(kv[0])), default=None)
        labels.append(best[0] if best and best[1] >= MIN_SHARE * len(present) else "none")
    return labels
