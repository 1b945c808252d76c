"""System logs under a budget.

MUTANT: knows no tracebacks: the header, the frames and the exception line of every traceback are quarantined as unparsable, even after an ERROR.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '        if line == TRACEBACK_HEADER:\n',
        '        if False:  # tracebacks are lines like any other\n',
    ),
]
