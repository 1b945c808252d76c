"""Oracle for storage.replicas: a happens-before model of writes, in plain Python.

It knows nothing of stamps or version vectors. Each write remembers the set of writes its
replica had seen for the key when it was made (its causal past); a message carries the set
of writes its sender had seen; a replica's view of a key is the union of what reached it.
From that alone: LWW must show the seen write with the largest (timestamp, replica id);
version vectors must show exactly the seen writes that no other seen write has in its
past, each with the vector {replica: that replica's writes in its history}.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Write:
    id: int
    key: str
    value: object
    replica: str
    timestamp: int
    past: frozenset = field(repr=False)  # ids of the writes of the same key it had seen


class CausalModel:
    def __init__(self, replicas):
        self.writes: list[Write] = []
        self.seen = {r: {} for r in replicas}  # replica -> key -> set of write ids

    def write(self, replica: str, key: str, value, timestamp: int = 0) -> Write:
        seen = self.seen[replica].setdefault(key, set())
        w = Write(len(self.writes), key, value, replica, timestamp, frozenset(seen))
        self.writes.append(w)
        seen.add(w.id)
        return w

    def snapshot(self, replica: str, keys=None) -> dict:
        """What a message sent now by `replica` carries: key -> frozenset of write ids."""
        return {k: frozenset(ids) for k, ids in self.seen[replica].items() if keys is None or k in keys}

    def deliver(self, snapshot: dict, replica: str) -> None:
        for k, ids in snapshot.items():
            self.seen[replica].setdefault(k, set()).update(ids)

    def keys(self, replica: str) -> list[str]:
        return sorted(self.seen[replica])

    def lww(self, replica: str, key: str):
        """(value, timestamp, replica) of the seen write with the largest (timestamp, replica)."""
        w = max((self.writes[i] for i in self.seen[replica][key]), key=lambda w: (w.timestamp, w.replica))
        return (w.value, w.timestamp, w.replica)

    def vector(self, w: Write) -> dict:
        counts: dict[str, int] = {}
        for i in w.past | {w.id}:
            r = self.writes[i].replica
            counts[r] = counts.get(r, 0) + 1
        return counts

    def frontier(self, replica: str, key: str) -> list[Write]:
        """The seen writes of key that no seen write has in its past, by id."""
        ids = self.seen[replica][key]
        overwritten = set().union(*(self.writes[i].past for i in ids))
        return [self.writes[i] for i in sorted(ids - overwritten)]

    def siblings(self, replica: str, key: str) -> list:
        return sorted(w.value for w in self.frontier(replica, key))

    def vv_state(self, replica: str) -> dict:
        """The VV state `replica` must have, normalized with normalize_vv."""
        return {k: sorted((w.value, sorted(self.vector(w).items())) for w in self.frontier(replica, k))
                for k in self.seen[replica]}

    def lww_state(self, replica: str) -> dict:
        return {k: self.lww(replica, k) for k in self.seen[replica]}


def normalize_vv(state: dict) -> dict:
    """A VV state with lists for tuples and siblings in one order, to compare two of them."""
    return {k: sorted((value, sorted(dict(vv).items())) for value, vv in sibs) for k, sibs in state.items()}


def normalize_lww(state: dict) -> dict:
    return {k: tuple(entry) for k, entry in state.items()}
