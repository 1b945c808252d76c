"""System logs under a budget.

MUTANT: skips blank lines without a trace: they are in no count, and lines_in != parsed + malformed.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '        if not line.strip():\n            kind = "blank"\n',
        '        if not line.strip():\n            i += 1\n            continue\n',
    ),
]
