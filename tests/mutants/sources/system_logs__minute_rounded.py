"""System logs under a budget.

MUTANT: rounds the timestamp to the nearest minute instead of truncating it: 08:30:45 is counted in 08:31.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        'from datetime import datetime, timezone\n',
        'from datetime import datetime, timedelta, timezone\n',
    ),
    (
        'minute = record["ts"].strftime("%Y-%m-%dT%H:%MZ")',
        'minute = (record["ts"] + timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%MZ")',
    ),
]
