"""Dataflow through services.

MUTANT: connection errors and 502/503/504 are retried, a timeout is not: the call gives up at the first slow answer.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        '''                last = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__''',
        '''                last = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                if isinstance(e, TimeoutError):  # BUG: a timeout is final
                    break''',
    ),
]
