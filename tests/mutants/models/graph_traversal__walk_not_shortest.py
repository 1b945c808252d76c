"""The graph model in recursive SQL.

MUTANT: friends_of_friends keeps every node some walk of length k reaches, not those whose shortest distance is k: in a triangle the person and their friends come back as friends of friends.
"""
REPLACE = [("SELECT node FROM reach GROUP BY node HAVING min(depth) = ? ORDER BY node", "SELECT DISTINCT node FROM reach WHERE depth = ? ORDER BY node")]
