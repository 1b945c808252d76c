"""Dataflow through a database.

MUTANT: the effect is committed first and the checkpoint moved in a second transaction: a crash between the two applies the event again after the restart (a driver paid twice).
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('                self.crashpoint(seq)\n', '                conn.execute("COMMIT")  # BUG: the effect commits on its own\n                self.crashpoint(seq)\n                conn.execute("BEGIN IMMEDIATE")\n')]
