"""System logs under a budget.

MUTANT: measures lines in characters, not UTF-8 bytes: 'São Paulo 🚗' looks 5 bytes smaller than it is, and the budget is overrun.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '    return len(line.encode("utf-8")) + 1\n',
        '    return len(line) + 1\n',
    ),
]
