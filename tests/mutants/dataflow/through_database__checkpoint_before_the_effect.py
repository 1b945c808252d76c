"""Dataflow through a database.

MUTANT: the checkpoint is moved and committed before the effect is applied: a crash in between loses the event for good.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('            conn.execute("BEGIN IMMEDIATE")\n            try:\n                conn.execute("""INSERT INTO earnings', '            conn.execute("BEGIN IMMEDIATE")\n            try:\n                conn.execute("""INSERT INTO checkpoints (consumer, seq) VALUES (?, ?)\n                                ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq""", (self.name, seq))\n                conn.execute("COMMIT")  # BUG: the checkpoint first, on its own\n                conn.execute("BEGIN IMMEDIATE")\n                conn.execute("""INSERT INTO earnings'), ('                # The checkpoint moves in the effect\'s own transaction: both or neither.\n                conn.execute("""INSERT INTO checkpoints (consumer, seq) VALUES (?, ?)\n                                ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq""", (self.name, seq))\n', '')]
