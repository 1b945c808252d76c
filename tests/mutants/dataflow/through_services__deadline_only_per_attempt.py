"""Dataflow through services.

MUTANT: the deadline is only each attempt's timeout: retries and sleeps go on past it, so against a hung service get() takes (retries + 1) * timeout plus the sleeps, and quote() misses its deadline.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        '''            if deadline_s is not None:
                left = deadline_s - (self.clock.now() - start)
                if left <= 0:
                    break
                timeout = min(timeout, left)''',
        '''            if deadline_s is not None:
                timeout = min(timeout, deadline_s)  # BUG: per attempt, never across the attempts''',
    ),
    (
        '''                if deadline_s is not None and self.clock.now() - start + delay >= deadline_s:
                    break  # the wait alone would use up the deadline
''',
        '',
    ),
]
