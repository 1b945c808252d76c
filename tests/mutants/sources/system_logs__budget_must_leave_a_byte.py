"""System logs under a budget.

MUTANT: drops a ride when the output would exactly fill the budget (>= instead of >).
See exercises/sources/system_logs.py for the statement.
"""
REPLACE = [
    (
        '            if total + size > budget_bytes:\n',
        '            if total + size >= budget_bytes:\n',
    ),
]
