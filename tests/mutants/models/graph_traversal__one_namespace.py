"""The graph model in recursive SQL.

MUTANT: accounts and instruments in one namespace: an account is linked to the accounts that use an instrument named like it.
"""
REPLACE = [("SELECT x.account, y.account FROM {t} x JOIN {t} y ON x.instrument = y.instrument)", "SELECT x.account, y.account FROM {t} x JOIN {t} y ON x.instrument = y.instrument OR x.instrument = y.account OR x.account = y.instrument)")]
