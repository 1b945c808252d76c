"""The graph model in recursive SQL.

MUTANT: fraud_rings drops rings of exactly min_size accounts (count(*) > min_size).
"""
REPLACE = [("FROM label GROUP BY ring HAVING count(*) >= ?", "FROM label GROUP BY ring HAVING count(*) > ?")]
