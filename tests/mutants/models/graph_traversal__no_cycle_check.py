"""The graph model in recursive SQL.

MUTANT: born_in trusts the hierarchy: UNION stops the walk on a cycle, so a location within itself gives an answer instead of CycleError.
"""
REPLACE = [("""        if looped is not None:
            raise CycleError""", """        if looped is not None and False:
            raise CycleError""")]
