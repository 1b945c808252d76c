"""System logs under a budget.

MUTANT: splits the log with str.splitlines(), which also breaks lines at \r, \x0c, \x1c, \x85 and \u2028: one line becomes several, mostly unparsable.
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '    lines = text.split("\\n")\n    if lines[-1] == "":\n        lines.pop()\n    return lines\n',
        '    return text.splitlines()\n',
    ),
]
