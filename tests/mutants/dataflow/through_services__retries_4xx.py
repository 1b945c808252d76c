"""Dataflow through services.

MUTANT: every error status is retried, the 4xx included: an unknown area costs retries + 1 requests and the backoff sleeps, then ends as ServiceUnavailable instead of NotFound.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        '                if status not in RETRYABLE_STATUSES:',
        '                if status < 400:  # BUG: any 4xx or 5xx is retried',
    ),
]
