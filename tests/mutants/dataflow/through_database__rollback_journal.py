"""Dataflow through a database.

MUTANT: the file is left in the default rollback-journal mode (no PRAGMA journal_mode=WAL): a reader in the middle of a read blocks the producer's commit.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('    conn.execute("PRAGMA journal_mode=WAL")\n', '')]
