"""The graph model in recursive SQL.

MUTANT: friendships followed one way only (a -> b), though a friendship is undirected.
"""
REPLACE = [("""              edges(a, b) AS (SELECT a, b FROM {table} WHERE a <> b
                              UNION SELECT b, a FROM {table} WHERE a <> b),""", """              edges(a, b) AS (SELECT a, b FROM {table} WHERE a <> b),""")]
