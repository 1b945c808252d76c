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
    """The relation's column names, after checking the relation and the dependency. (about 20 lines)"""
    # TODO: not a non-empty dict -> ValueError("a relation is a dict of columns, got list")
    # TODO: every column a list (or tuple) as long as the first:
    #       ValueError("column 'Price' has 4 values, column 'Title' has 5")
    # TODO: determinant or dependent empty -> ValueError("the dependency needs at least one
    #       determinant column and one dependent column")
    # TODO: a name not in the relation -> ValueError("unknown column 'Contry': the relation has 'Title', ...")
    # TODO: a name on both sides -> ValueError("column 'Publisher' is on both sides of the dependency")
    # TODO: return list(relation)
    raise NotImplementedError("check")


def same_key(left: str, right: str, columns: list[str]) -> str:
    """NULL-safe equality of two rows on `columns`, as SQL text. (about 2 lines)"""
    # TODO: same_key("r", "l", ["Publisher"]) -> 'r."Publisher" IS NOT DISTINCT FROM l."Publisher"'
    #       (several columns joined with " AND "; with `=`, NULL = NULL is not true)
    raise NotImplementedError("same_key")


def violations_in(con, determinant: list[str], dependent: list[str]) -> list[dict]:
    """The violations of the dependency in the loaded table r (see Rules). (about 20 lines)"""
    # TODO: pairs = SELECT DISTINCT det, dep FROM r (DISTINCT treats NULLs as equal);
    #       bad keys = those with more than one pair: GROUP BY det HAVING count(*) > 1
    #       (count(DISTINCT "Country") would skip NULL, and NULL vs 'UK' is a violation)
    # TODO: the rows of r with a bad key (join on same_key), ORDER BY __row
    # TODO: group them in Python by key, in order of first row:
    #       {"key": ("Banana Press",), "values": [("UK",), ("US",)], "rows": [0, 1, 3]}
    raise NotImplementedError("violations_in")


def violations(relation: dict, determinant: list[str], dependent: list[str]) -> list[dict]:
    """Every key of `determinant` with two or more different `dependent` values. (about 7 lines)"""
    # TODO: check(...); con = connect(); load(con, "r", relation); violations_in(...); disconnect(con)
    raise NotImplementedError("violations")


def describe(determinant, dependent, found: list[dict]) -> str:
    """The FunctionalDependencyError message for a non-empty violations report. (about 4 lines)"""
    # TODO: "Publisher -> Country does not hold for 1 key: ('Banana Press',) has ('UK',), ('US',)
    #       in rows [0, 1, 3]"; several keys joined with "; " and "2 keys"
    raise NotImplementedError("describe")


class Normalized:
    """A relation split by the dependency determinant -> dependent into two DuckDB tables."""

    def __init__(self, relation: dict, determinant: list[str], dependent: list[str], *,
                 name: str = "Book", lookup: str = "Publisher", id_column: str = "Publisher ID") -> None:
        """Check, load, refuse a broken dependency, then build both tables. (about 30 lines)"""
        # TODO: self.columns = check(...); id_column in relation, name == lookup -> ValueError
        # TODO: self.con = connect(); load(self.con, "r", relation)
        # TODO: found = violations_in(...); if found: disconnect, raise FunctionalDependencyError(describe(...))
        # TODO: CREATE TABLE "Publisher" AS SELECT row_number() OVER (ORDER BY first) AS "Publisher ID",
        #       "Publisher", "Country" FROM (SELECT "Publisher", "Country", min(__row) AS first
        #       FROM r GROUP BY "Publisher", "Country")
        # TODO: CREATE TABLE "Book" AS SELECT r.__row, r."Title", ..., l."Publisher ID", r."Price"
        #       FROM r JOIN "Publisher" l ON <same_key("r", "l", determinant)>
        #       (the id where the first determinant column stood; no dependent column)
        raise NotImplementedError("Normalized.__init__")

    def tables(self) -> dict:
        """{name: the main table, lookup: the lookup table}, each a dict of columns. (about 6 lines)"""
        # TODO: columns_of(self.con, 'SELECT "Title", ... FROM "Book" ORDER BY __row') and
        #       columns_of(self.con, 'SELECT * FROM "Publisher" ORDER BY "Publisher ID"')
        raise NotImplementedError("tables")

    def join(self) -> dict:
        """The two tables joined on the id: the relation's columns and rows, in its order. (about 6 lines)"""
        # TODO: SELECT m."Title", ..., l."Publisher", l."Country", m."Price" FROM "Book" m
        #       JOIN "Publisher" l ON m."Publisher ID" = l."Publisher ID" ORDER BY m.__row
        raise NotImplementedError("join")

    def rename(self, column: str, old, new) -> int:
        """Set column = new where column is old in the lookup table; the rows changed. (about 20 lines)"""
        # TODO: column not a determinant or dependent column -> ValueError("cannot rename column 'Title': ...")
        # TODO: a determinant column: would a renamed key equal a key that stays? ValueError
        #       ("renaming 'Banana Press' to 'Guava Press' would give two Publisher rows the key ('Guava Press',)")
        # TODO: (changed,) = UPDATE "Publisher" SET "Publisher" = ? WHERE "Publisher" IS NOT DISTINCT FROM ?
        #       .fetchone()  (DuckDB returns the count of rows updated)
        raise NotImplementedError("rename")

    def close(self) -> None:
        """Given: drop the two tables."""
        disconnect(self.con)
