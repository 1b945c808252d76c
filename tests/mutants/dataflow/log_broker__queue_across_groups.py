"""A log-based broker by hand.

MUTANT: consumer groups are kept per topic, not per (topic, group): all groups share one membership and one set of commits, so the topic behaves as one queue and a second group does not get every event.
See exercises/dataflow/log_broker.py for the statement.
"""
REPLACE = [
    (
        '        g = self.groups.setdefault((topic, group), _Group())\n',
        '        g = self.groups.setdefault(topic, _Group())  # BUG: one group per topic\n',
    ),
    (
        '        found = self.groups.get((topic, group))\n',
        '        found = self.groups.get(topic)\n',
    ),
    (
        '        g = self.groups.get((topic, group))\n',
        '        g = self.groups.get(topic)\n',
    ),
]
