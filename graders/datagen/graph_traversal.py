"""networkx oracles and hypothesis strategies for models.graph_traversal.

The oracles answer the kata's questions with networkx's own graph algorithms (no SQL):
`born_in`, `friends_of_friends`, `fraud_ring` and `fraud_rings`, and `cyclic_locations`
lists every location that lies within itself (the CycleError case). Strategies draw small
graphs over a few names so that cycles, self-loops, duplicate edges and disconnected parts
are common.
"""
from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st


def cyclic_locations(within) -> list[str]:
    """The sorted locations that reach themselves through one or more within edges."""
    g = nx.DiGraph(list(within))
    # a node is within itself when it sits in a strongly connected part of 2+ nodes, or has a self-loop
    return sorted({n for part in nx.strongly_connected_components(g) if len(part) > 1 for n in part}
                  | set(nx.nodes_with_selfloops(g)))


def born_in(people, within, place) -> list[str]:
    inside = nx.DiGraph([(region, location) for location, region in within])  # region -> its parts
    places = ({place} | nx.descendants(inside, place)) if place in inside else {place}
    return sorted({person for person, location in people if location in places})


def friends_of_friends(friendships, person, k=2) -> list[str]:
    g = nx.Graph([(a, b) for a, b in friendships if a != b])
    if person not in g:
        return []
    return sorted(node for node, d in nx.single_source_shortest_path_length(g, person).items() if d == k)


def _account_graph(links) -> nx.Graph:
    """Accounts and instruments as one undirected bipartite graph, the kinds kept apart."""
    return nx.Graph([(("account", a), ("instrument", i)) for a, i in links])


def fraud_ring(links, flagged) -> list[str]:
    g = _account_graph(links)
    start = ("account", flagged)
    if start not in g:
        return [flagged]
    return sorted(name for kind, name in nx.node_connected_component(g, start) if kind == "account")


def fraud_rings(links, min_size=2) -> list[list[str]]:
    rings = [sorted(name for kind, name in part if kind == "account")
             for part in nx.connected_components(_account_graph(links))]
    return sorted((r for r in rings if len(r) >= min_size), key=lambda r: (-len(r), r[0]))


# --- strategies ------------------------------------------------------------------------------

def names(prefix: str, n: int):
    return st.sampled_from([f"{prefix}{i}" for i in range(n)])


def pairs(left, right, max_size=30):
    """Edge lists with repeats, self-loops (when left and right share names) and isolated parts."""
    return st.lists(st.tuples(left, right), max_size=max_size)


@st.composite
def hierarchies(draw, n=10, acyclic=True):
    """within pairs over locations L0..L{n-1}; acyclic ones only point to a larger index (a DAG
    with several regions per location allowed), the others may add edges back."""
    edges = draw(st.lists(st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda e: e[0] < e[1]),
                          max_size=2 * n))
    if not acyclic:
        edges += draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=3))
    return [(f"L{a}", f"L{b}") for a, b in edges]
