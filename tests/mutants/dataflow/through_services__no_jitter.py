"""Dataflow through services.

MUTANT: plain capped exponential backoff, no jitter: retry n sleeps exactly min(max_delay_s, base_delay_s * 2 ** n), so clients that failed together come back together.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        'delay = self._rng.uniform(0, min(self.max_delay_s, self.base_delay_s * 2 ** n))',
        'delay = min(self.max_delay_s, self.base_delay_s * 2 ** n)  # BUG: no jitter',
    ),
]
