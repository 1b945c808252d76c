"""System logs under a budget.

MUTANT: each INFO/DEBUG line of a ride is kept with probability rate, drawn per line: a ride's lines are split up, and two runs differ.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        'import hashlib\nimport json\nimport re\n',
        'import hashlib\nimport json\nimport random\nimport re\n',
    ),
    (
        '    kept_rides = {ride for ride in by_ride if ride_fraction(ride) < effective}\n\n    kept_records = always + [r for ride in kept_rides for r, _ in by_ride[ride]]\n',
        '    kept_records = always + [r for ride in by_ride for r, _ in by_ride[ride] if random.random() < effective]\n    kept_rides = {r["ride"] for r in kept_records if r["level"] not in ALWAYS_KEPT}\n',
    ),
]
