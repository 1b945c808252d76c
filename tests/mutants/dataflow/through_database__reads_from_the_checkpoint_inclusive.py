"""Dataflow through a database.

MUTANT: poll reads seq >= checkpoint instead of seq > checkpoint: every poll after the first applies the last event again.
See exercises/dataflow/through_database.py for the statement.
"""
REPLACE = [('WHERE seq > ? ORDER BY seq LIMIT ?', 'WHERE seq >= ? ORDER BY seq LIMIT ?')]
