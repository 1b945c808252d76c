"""Normalize the Book relation: split out a lookup table, check the dependency, join back.

The deck's Table 3-2 repeats each publisher's country on every one of its books:

    Title            Author          Format     Publisher     Country  Price
    Harry Potter     J.K. Rowling    Paperback  Banana Press  UK       20
    Harry Potter     J.K. Rowling    E-book     Banana Press  UK       10
    Sherlock Holmes  Conan Doyle     Paperback  Guava Press   US       30
    The Hobbit       J.R.R. Tolkien  Paperback  Banana Press  UK       30
    Sherlock Holmes  Conan Doyle     Paperback  Guava Press   US       15

Country depends on Publisher alone (the functional dependency Publisher -> Country), so
normalization moves it to a Publisher relation with an id (Table 3-4) and leaves the id in
Book (Table 3-3). Then "Banana Press" is renamed in one row instead of three, and the two
tables joined on the id give back exactly the rows of Table 3-2 (the split is lossless).
The split is only sound if the dependency holds: when two Banana Press rows say UK and US,
which one is the country? Never pick one silently: report every offending key.

Build it in DuckDB, for any relation and any dependency determinant -> dependent:

    >>> db = Normalized(BOOKS, ["Publisher"], ["Country"],
    ...                 name="Book", lookup="Publisher", id_column="Publisher ID")
    >>> tables = db.tables()
    >>> tables["Publisher"]
    {'Publisher ID': [1, 2], 'Publisher': ['Banana Press', 'Guava Press'], 'Country': ['UK', 'US']}
    >>> tables["Book"]["Publisher ID"], list(tables["Book"])
    ([1, 1, 2, 1, 2], ['Title', 'Author', 'Format', 'Publisher ID', 'Price'])
    >>> db.join() == BOOKS                       # the natural join on the id: Table 3-2 again
    True
    >>> db.rename("Publisher", "Banana Press", "Banana Books")   # rows of Publisher updated
    1
    >>> db.join()["Publisher"]
    ['Banana Books', 'Banana Books', 'Guava Press', 'Banana Books', 'Guava Press']
    >>> broken = dict(BOOKS, Country=["UK", "UK", "US", "US", "US"])   # The Hobbit says US
    >>> violations(broken, ["Publisher"], ["Country"])
    [{'key': ('Banana Press',), 'values': [('UK',), ('US',)], 'rows': [0, 1, 3]}]
    >>> Normalized(broken, ["Publisher"], ["Country"])
    Traceback (most recent call last):
    FunctionalDependencyError: Publisher -> Country does not hold for 1 key: ('Banana Press',) has ('UK',), ('US',) in rows [0, 1, 3]

Rules.
- A relation is a dict of columns: {column name: list of values}, every list as long as the
  others (row i is the i-th value of each). Values are None, bool, int, float or str, one type
  a column (None is NULL). Column names may hold spaces and quotes: quote them in SQL.
- The dependency is two lists of column names, determinant (one or more columns, e.g.
  ["origin", "dest"] -> ["distance"]) and dependent (one or more), with no column on both sides.
- NULL is a value here, as in GROUP BY and SELECT DISTINCT: rows whose determinant is NULL
  share one key (and one lookup row), and two values agree when they are NOT DISTINCT FROM
  each other (NULL agrees with NULL only, so NULL and 'UK' for one key is a violation). So the
  id is never NULL and the join on it loses no row.
- violations(relation, determinant, dependent) returns one entry per key that has two or more
  different dependent values: {"key": tuple of the determinant's values, "values": the distinct
  tuples of dependent values in order of first appearance, "rows": every row index with that
  key, ascending}; entries in order of their key's first row; [] when the dependency holds.
- Normalized(...) raises FunctionalDependencyError (defined below, a ValueError) when the
  dependency does not hold; its message is "<determinant> -> <dependent> does not hold for
  <n> key(s): " then, for every offending key, "<key tuple> has <value tuples> in rows <rows>",
  separated by "; " (the columns joined with ", "), as in the example above.
- The lookup table has the id column, then the determinant's columns, then the dependent's:
  one row per distinct key, ids 1, 2, 3, ... in order of the key's first row, rows ordered by id.
  The main table is the relation without the dependent columns, the determinant's columns
  replaced by the id column where the first of them stood; its rows in the relation's order.
- tables() returns {name: main table, lookup: lookup table}, each a dict of columns.
  join() returns the join of the two on the id: the relation's columns in its order, its rows
  in its order, as a dict of columns. Both come out of SQL in DuckDB, not out of your inputs.
- rename(column, old, new) sets column = new in the lookup rows where it is (NOT DISTINCT
  FROM) old and returns how many lookup rows changed; column is one of the lookup table's
  columns other than the id. A rename that would give two lookup rows the same key raises
  ValueError ("... would give two Publisher rows the key ('Guava Press',)") and changes nothing.

Bad input raises ValueError: a relation that is not a non-empty dict of lists ("a relation is a
dict of columns, got list"), columns of different lengths ("column 'Price' has 4 values, column
'Title' has 5"), an empty side of the dependency ("the dependency needs at least one determinant
column and one dependent column"), an unknown column ("unknown column 'Contry': the relation
has 'Title', 'Author', ..."), a column on both sides ("column 'Publisher' is on both sides of
the dependency"), an id_column the relation already has ("'Title' is already a column of the
relation"), name equal to lookup ("the two tables need different names"), and rename of a
column the lookup table does not have or of the id ("cannot rename column 'Title': Publisher
has 'Publisher', 'Country'").

Run its tests: pytest exercises/models/test_normalize_books.py   (or: kata check models.normalize_books)
"""
from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa

# Given: Table 3-2 of the deck as a relation (prices in dollars).
BOOKS = {
    "Title": ["Harry Potter", "Harry Potter", "Sherlock Holmes", "The Hobbit", "Sherlock Holmes"],
    "Author": ["J.K. Rowling", "J.K. Rowling", "Conan Doyle", "J.R.R. Tolkien", "Conan Doyle"],
    "Format": ["Paperback", "E-book", "Paperback", "Paperback", "Paperback"],
    "Publisher": ["Banana Press", "Banana Press", "Guava Press", "Banana Press", "Guava Press"],
    "Country": ["UK", "UK", "US", "UK", "US"],
    "Price": [20, 10, 30, 30, 15],
}

ROW = "__row"  # the row number the given loader adds: SQL tables have no order of their own


class FunctionalDependencyError(ValueError):
    """The dependency determinant -> dependent does not hold: a key has two dependent values."""


def quote(name: str) -> str:
    """Given: a name as a SQL identifier, double quotes doubled: Publisher ID -> "Publisher ID"."""
    return '"' + name.replace('"', '""') + '"'


_DB: duckdb.DuckDBPyConnection | None = None
_SCHEMAS = itertools.count(1)


def connect() -> duckdb.DuckDBPyConnection:
    """Given: a new connection to this module's one in-memory database, in a schema of its own.

    Opening a database costs about 25 ms and a second thread about 20 ms per Arrow scan, far
    more than these small tables need: so one database, one thread, and a schema per caller
    (its tables "Book" and "Publisher" do not meet another caller's).
    """
    global _DB
    if _DB is None:
        _DB = duckdb.connect(config={"threads": 1})
    con = _DB.cursor()
    schema = f"s{next(_SCHEMAS)}"
    con.execute(f"CREATE SCHEMA {schema}; USE memory.{schema}")
    return con


def disconnect(con: duckdb.DuckDBPyConnection) -> None:
    """Given: drop the connection's schema (and its tables), then close it."""
    (schema,) = con.execute("SELECT current_schema()").fetchone()
    con.execute(f"DROP SCHEMA {quote(schema)} CASCADE")
    con.close()


def load(con: duckdb.DuckDBPyConnection, table: str, relation: dict) -> None:
    """Given: CREATE TABLE `table` from a checked relation, plus its row number in column __row."""
    n = len(next(iter(relation.values())))
    try:
        arrow = pa.table({ROW: pa.array(range(n), pa.int64()), **{c: pa.array(v) for c, v in relation.items()}})
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise ValueError(f"a column holds values of more than one type: {error}") from None
    con.register("incoming", arrow)
    con.execute(f"CREATE TABLE {quote(table)} AS SELECT * FROM incoming")
    con.unregister("incoming")


def columns_of(con: duckdb.DuckDBPyConnection, sql: str, params=()) -> dict:
    """Given: the result of a query as a dict of columns of Python values."""
    return con.execute(sql, list(params)).to_arrow_table().to_pydict()


def check(relation, determinant, dependent) -> list[str]:
    """The relation's column names, after checking the relation and the dependency."""
    if not isinstance(relation, dict) or not relation:
        raise ValueError(f"a relation is a dict of columns, got {type(relation).__name__}"
                         + (" (empty)" if isinstance(relation, dict) else ""))
    names = list(relation)
    for name in names:
        if not isinstance(relation[name], (list, tuple)):
            raise ValueError(f"a relation is a dict of columns (lists), column {name!r} is "
                             f"{type(relation[name]).__name__}")
        if len(relation[name]) != len(relation[names[0]]):
            raise ValueError(f"column {name!r} has {len(relation[name])} values, "
                             f"column {names[0]!r} has {len(relation[names[0]])}")
    determinant, dependent = list(determinant), list(dependent)
    if not determinant or not dependent:
        raise ValueError("the dependency needs at least one determinant column and one dependent column")
    for name in determinant + dependent:
        if name not in relation:
            raise ValueError(f"unknown column {name!r}: the relation has {', '.join(map(repr, names))}")
    for name in determinant:
        if name in dependent:
            raise ValueError(f"column {name!r} is on both sides of the dependency")
    return names


def same_key(left: str, right: str, columns: list[str]) -> str:
    """NULL-safe equality of two rows on `columns`: NULL matches NULL, as GROUP BY groups them."""
    return " AND ".join(f"{left}.{quote(c)} IS NOT DISTINCT FROM {right}.{quote(c)}" for c in columns)


def violations_in(con, determinant: list[str], dependent: list[str]) -> list[dict]:
    """The violations of the dependency in the loaded table r."""
    det = ", ".join(quote(c) for c in determinant)
    dep = ", ".join(quote(c) for c in dependent)
    # SELECT DISTINCT and GROUP BY treat NULLs as equal; count(DISTINCT col) would skip them.
    rows = con.execute(f"""
        WITH pairs AS (SELECT DISTINCT {det}, {dep} FROM r),
             bad AS (SELECT {det} FROM pairs GROUP BY {det} HAVING count(*) > 1)
        SELECT r.{ROW}, {", ".join(f"r.{quote(c)}" for c in determinant + dependent)}
        FROM r JOIN bad ON {same_key("r", "bad", determinant)}
        ORDER BY r.{ROW}""").fetchall()
    found: dict[tuple, dict] = {}
    for row in rows:
        key, values = tuple(row[1:1 + len(determinant)]), tuple(row[1 + len(determinant):])
        entry = found.setdefault(key, {"key": key, "values": [], "rows": []})
        if values not in entry["values"]:
            entry["values"].append(values)
        entry["rows"].append(row[0])
    return list(found.values())  # in order of each key's first row


def violations(relation: dict, determinant: list[str], dependent: list[str]) -> list[dict]:
    """Every key of `determinant` with two or more different `dependent` values (see Rules)."""
    check(relation, determinant, dependent)
    con = connect()
    try:
        load(con, "r", relation)
        return violations_in(con, list(determinant), list(dependent))
    finally:
        disconnect(con)


def describe(determinant, dependent, found: list[dict]) -> str:
    """The FunctionalDependencyError message for a non-empty violations report."""
    keys = "; ".join(f"{v['key']!r} has {', '.join(map(repr, v['values']))} in rows {v['rows']}" for v in found)
    return (f"{', '.join(determinant)} -> {', '.join(dependent)} does not hold for "
            f"{len(found)} key{'s' if len(found) != 1 else ''}: {keys}")


class Normalized:
    """A relation split by the dependency determinant -> dependent into two DuckDB tables."""

    def __init__(self, relation: dict, determinant: list[str], dependent: list[str], *,
                 name: str = "Book", lookup: str = "Publisher", id_column: str = "Publisher ID") -> None:
        self.columns = check(relation, determinant, dependent)
        self.determinant, self.dependent = list(determinant), list(dependent)
        if id_column in relation:
            raise ValueError(f"{id_column!r} is already a column of the relation")
        if name == lookup:
            raise ValueError("the two tables need different names")
        self.name, self.lookup, self.id = name, lookup, id_column
        self.con = connect()
        load(self.con, "r", relation)
        found = violations_in(self.con, self.determinant, self.dependent)
        if found:
            disconnect(self.con)
            raise FunctionalDependencyError(describe(self.determinant, self.dependent, found))
        det = ", ".join(quote(c) for c in self.determinant)
        dep = ", ".join(quote(c) for c in self.dependent)
        # One lookup row per key, numbered in order of the key's first row. The dependency
        # holds, so grouping by the dependent columns too merges nothing.
        self.con.execute(f"""
            CREATE TABLE {quote(lookup)} AS
            SELECT row_number() OVER (ORDER BY first) AS {quote(id_column)}, {det}, {dep}
            FROM (SELECT {det}, {dep}, min({ROW}) AS first FROM r GROUP BY {det}, {dep})
            ORDER BY 1""")
        self.main_columns = []
        for c in self.columns:
            if c == self.determinant[0] or (c not in self.determinant and c not in self.dependent):
                self.main_columns.append(id_column if c == self.determinant[0] else c)
        select = ", ".join(f"l.{quote(c)}" if c == id_column else f"r.{quote(c)}" for c in self.main_columns)
        # The key is matched NULL-safely: with `=` a row whose key is NULL would find no id.
        self.con.execute(f"""
            CREATE TABLE {quote(name)} AS
            SELECT r.{ROW}, {select}
            FROM r JOIN {quote(lookup)} l ON {same_key("r", "l", self.determinant)}
            ORDER BY r.{ROW}""")
        self.con.execute("DROP TABLE r")  # from here on the two tables are the only copy

    def tables(self) -> dict:
        """{name: the main table, lookup: the lookup table}, each a dict of columns."""
        main = ", ".join(quote(c) for c in self.main_columns)
        return {
            self.name: columns_of(self.con, f"SELECT {main} FROM {quote(self.name)} ORDER BY {ROW}"),
            self.lookup: columns_of(self.con, f"SELECT * FROM {quote(self.lookup)} ORDER BY {quote(self.id)}"),
        }

    def join(self) -> dict:
        """The two tables joined on the id: the relation's columns and rows, in its order."""
        owner = {c: "l" if c in self.determinant or c in self.dependent else "m" for c in self.columns}
        select = ", ".join(f"{owner[c]}.{quote(c)}" for c in self.columns)
        return columns_of(self.con, f"""
            SELECT {select} FROM {quote(self.name)} m
            JOIN {quote(self.lookup)} l ON m.{quote(self.id)} = l.{quote(self.id)}
            ORDER BY m.{ROW}""")

    def rename(self, column: str, old, new) -> int:
        """Set column = new where column is old in the lookup table; the rows changed."""
        if column not in self.determinant and column not in self.dependent:
            raise ValueError(f"cannot rename column {column!r}: {self.lookup} has "
                             f"{', '.join(map(repr, self.determinant + self.dependent))}")
        table, target = quote(self.lookup), quote(column)
        if column in self.determinant:
            # The renamed keys must not collide with a key that stays: the key identifies the row.
            renamed = ", ".join("?" if c == column else quote(c) for c in self.determinant)
            clash = self.con.execute(f"""
                SELECT {", ".join(f"o.{quote(c)}" for c in self.determinant)}
                FROM (SELECT {renamed} FROM {table} WHERE {target} IS NOT DISTINCT FROM ?) n
                     ({", ".join(quote(c) for c in self.determinant)})
                JOIN {table} o ON {same_key("n", "o", self.determinant)}
                WHERE o.{target} IS DISTINCT FROM ?
                LIMIT 1""", [new, old, old]).fetchone()
            if clash is not None:
                raise ValueError(f"renaming {old!r} to {new!r} would give two {self.lookup} rows "
                                 f"the key {tuple(clash)!r}")
        (changed,) = self.con.execute(
            f"UPDATE {table} SET {target} = ? WHERE {target} IS NOT DISTINCT FROM ?", [new, old]).fetchone()
        return changed

    def close(self) -> None:
        """Given: drop the two tables."""
        disconnect(self.con)
