"""Dataflow through services.

MUTANT: full jitter over the uncapped exponential: max_delay_s is ignored, so the tenth retry may wait 0.1 * 2 ** 9 = 51 s.
See exercises/dataflow/through_services.py for the statement.
"""
REPLACE = [
    (
        'delay = self._rng.uniform(0, min(self.max_delay_s, self.base_delay_s * 2 ** n))',
        'delay = self._rng.uniform(0, self.base_delay_s * 2 ** n)  # BUG: not capped by max_delay_s',
    ),
]
