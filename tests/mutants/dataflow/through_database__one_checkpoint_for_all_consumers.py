"""Dataflow through a database.

MUTANT: every consumer reads and moves one shared checkpoint: a second consumer never sees the events the first one applied.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('        row = self.conn.execute("SELECT seq FROM checkpoints WHERE consumer = ?", (self.name,)).fetchone()', '        row = self.conn.execute("SELECT seq FROM checkpoints WHERE consumer = ?", ("all",)).fetchone()  # BUG: shared'), ('ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq""", (self.name, seq))', 'ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq""", ("all", seq))  # BUG: shared')]
