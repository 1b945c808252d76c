"""The graph model in recursive SQL.

MUTANT: born_in walks up the hierarchy (the regions the place is in) instead of down (the locations within it).
"""
REPLACE = [("SELECT t.location FROM places p JOIN {tree} t ON t.region = p.location)", "SELECT t.region FROM places p JOIN {tree} t ON t.location = p.location)")]
