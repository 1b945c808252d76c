"""Dataflow through a database.

MUTANT: poll does not roll back when an exception leaves its transaction: the crashed consumer keeps the write lock, and the producer waits on it until 'database is locked'.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('            except BaseException:\n                if conn.in_transaction:\n                    conn.execute("ROLLBACK")\n                raise\n', '            except SQLiteError:  # BUG: only database errors roll back\n                if conn.in_transaction:\n                    conn.execute("ROLLBACK")\n                raise\n'), ('import statistics\nimport time\n', 'import statistics\nimport time\nfrom sqlite3 import Error as SQLiteError\n')]
