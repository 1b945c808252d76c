"""The graph model in recursive SQL.

MUTANT: fraud_rings ordered by first account only, not largest first.
"""
REPLACE = [("            ORDER BY count(*) DESC, ring", "            ORDER BY ring")]
