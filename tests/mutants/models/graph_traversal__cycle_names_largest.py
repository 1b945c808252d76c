"""The graph model in recursive SQL.

MUTANT: the CycleError names the largest location within itself, not the smallest.
"""
REPLACE = [("SELECT min(location) FROM inside WHERE location = region", "SELECT max(location) FROM inside WHERE location = region")]
