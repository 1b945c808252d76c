"""BASE: replicas that accept writes on their own and converge.

The deck's OLTP slide: "Ticking all ACID properties would be ideal • But, BASE also works":
Basically Available, Soft state, Eventually consistent. A ride-hailing app keeps a copy of
its fares in several regions; each replica serves reads and writes even while it is cut off
from the others, and the replicas exchange messages (anti-entropy) whenever they can. Those
messages arrive late, twice, or in any order; once every replica has received every other's
state, all of them must hold the same data. Build two such replicas of a key -> value map:

- LWWReplica(replica_id): last-writer-wins. Every write carries a stamp (timestamp,
  replica_id); for each key a replica keeps the value with the largest stamp (tuples compare
  timestamp first, the replica id breaks ties). Simple, always converges, and silently drops
  one of two concurrent writes.
- VVReplica(replica_id): a version vector per key ({replica_id: count of that replica's
  writes in the value's history}). A write that has seen another replaces it; writes that
  are concurrent (neither vector is below the other) are all kept, as siblings, until the
  application resolves them with a new write.

    >>> a, b = LWWReplica("eu"), LWWReplica("us")      # two regions, partitioned
    >>> _ = a.put("ride 7 fare", 18.5, timestamp=10)
    >>> _ = b.put("ride 7 fare", 20.0, timestamp=11)   # a concurrent edit of the same fare
    >>> a.merge(b.state()); b.merge(a.state())         # the partition heals
    >>> a.get("ride 7 fare"), b.get("ride 7 fare")     # converged, and 18.5 is gone
    (20.0, 20.0)
    >>> a.state()
    {'ride 7 fare': (20.0, 11, 'us')}
    >>> x, y = VVReplica("eu"), VVReplica("us")
    >>> x.put("ride 7 fare", 18.5)                     # the message for this write
    {'ride 7 fare': [(18.5, {'eu': 1})]}
    >>> _ = y.put("ride 7 fare", 20.0)
    >>> x.merge(y.state()); y.merge(x.state())
    >>> x.get("ride 7 fare")                           # neither saw the other: siblings
    [18.5, 20.0]
    >>> compare({"eu": 1}, {"us": 1}), compare({"eu": 1}, {"eu": 1, "us": 1})
    ('concurrent', 'before')
    >>> msg = y.put("ride 7 fare", 19.0)               # the app resolves, at "us"
    >>> msg
    {'ride 7 fare': [(19.0, {'eu': 1, 'us': 2})]}
    >>> x.merge(msg); x.get("ride 7 fare")
    [19.0]

Rules.
- Messages are plain data, the same shape for a whole state and for one write:
  LWW {key: (value, timestamp, replica_id)}; VV {key: [(value, version_vector), ...]},
  a version vector being {replica_id: count} with counts >= 1 (a replica absent counts 0).
  Keys and replica ids are str, timestamps int; values are any plain data, and one key's
  values are comparable with each other (e.g. all numbers). Lists and tuples are accepted
  alike in messages received; state() and put return them as shown above.
- put(key, value, ...) writes locally (always available) and returns the message of that
  one write, to broadcast; state() returns the replica's whole state as a message;
  merge(message) folds a message in. Merging is commutative, associative and idempotent:
  any order, any duplicates, any delay give the same result once every message has arrived.
- LWWReplica.put(key, value, timestamp): the stamp is (timestamp, replica_id); a replica's
  own timestamps strictly increase (its clock never goes back). get(key) returns the value
  of the largest stamp the replica has seen for the key. merge keeps, per key, the entry
  with the larger stamp.
- compare(a, b) of two version vectors returns "equal", "before" (a <= b entrywise and
  a != b: b has seen all of a), "after" (the reverse) or "concurrent".
- VVReplica.put(key, value) overwrites every sibling the replica holds for the key: its
  vector is the entrywise max of theirs with this replica's own count set to one more than
  the largest count of this replica in any of them. get(key) returns the sibling values,
  sorted. merge keeps, per key, every sibling not "before" another one (from either side),
  each once: no write is lost unless a write that had seen it replaced it.
- get of a key the replica never heard of raises KeyError(key).

Bad input raises: a message that is not of the documented shape, MalformedMessageError
(a ValueError) with the given checkers' messages, e.g. "message must be a dict, got list",
"entry for key 'k' must be (value, timestamp, replica_id), got [1, 2]", "version vector count
for 'eu' must be an int >= 1, got 0" (the replica is left unchanged: check the whole message
first, with the given check_lww_message / check_vv_message); compare of a malformed version
vector, the same error (given check_version_vector); a key that is not a str,
TypeError("key must be a str, got int"); an LWW timestamp not after this replica's previous
one, ValueError("timestamp 5 is not after this replica's last timestamp 7").

Run its tests: pytest exercises/storage/test_replicas.py   (or: kata check storage.replicas)
"""
from __future__ import annotations

# --- given: the shape of a message ---------------------------------------------------------


class MalformedMessageError(ValueError):
    """A message or version vector that is not of the documented shape."""


def _name(v) -> str:
    return type(v).__name__


def check_key(key) -> None:
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {_name(key)}")


def check_version_vector(vv) -> None:
    """Raise MalformedMessageError unless vv is {replica_id (str): count (int >= 1)}."""
    if not isinstance(vv, dict):
        raise MalformedMessageError(f"version vector must be a dict, got {_name(vv)}")
    for replica, count in vv.items():
        if not isinstance(replica, str):
            raise MalformedMessageError(f"version vector replica id must be a str, got {_name(replica)}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise MalformedMessageError(f"version vector count for {replica!r} must be an int >= 1, got {count!r}")


def _check_keys(message) -> None:
    if not isinstance(message, dict):
        raise MalformedMessageError(f"message must be a dict, got {_name(message)}")
    for key in message:
        if not isinstance(key, str):
            raise MalformedMessageError(f"message key must be a str, got {_name(key)}")


def check_lww_message(message) -> None:
    """Raise MalformedMessageError unless message is {key: (value, timestamp, replica_id)}."""
    _check_keys(message)
    for key, entry in message.items():
        if not (isinstance(entry, (list, tuple)) and len(entry) == 3
                and isinstance(entry[1], int) and not isinstance(entry[1], bool) and isinstance(entry[2], str)):
            raise MalformedMessageError(f"entry for key {key!r} must be (value, timestamp, replica_id), got {entry!r}")


def check_vv_message(message) -> None:
    """Raise MalformedMessageError unless message is {key: [(value, version_vector), ...]}."""
    _check_keys(message)
    for key, siblings in message.items():
        if not isinstance(siblings, (list, tuple)) or not siblings:
            raise MalformedMessageError(f"siblings of key {key!r} must be a non-empty list, got {siblings!r}")
        for sibling in siblings:
            if not (isinstance(sibling, (list, tuple)) and len(sibling) == 2):
                raise MalformedMessageError(f"sibling of key {key!r} must be (value, version_vector), got {sibling!r}")
            check_version_vector(sibling[1])


# --- to write --------------------------------------------------------------------------------


class LWWReplica:
    """A last-writer-wins map: per key, the value with the largest (timestamp, replica_id)."""

    def __init__(self, replica_id: str):
        # TODO: the replica id, key -> (value, timestamp, replica_id), the last own timestamp.
        raise NotImplementedError("LWWReplica")

    def put(self, key: str, value, timestamp: int) -> dict:
        """Write locally with stamp (timestamp, self.replica_id); return the write's message.

        (about 8 lines) e.g. LWWReplica("eu").put("k", 1.5, timestamp=3) -> {"k": (1.5, 3, "eu")}
        """
        # TODO: check_key; refuse a timestamp <= the last one; fold the message in like merge.
        raise NotImplementedError("LWWReplica.put")

    def get(self, key: str):
        """The value of the largest stamp seen for key; KeyError(key) if none."""
        raise NotImplementedError("LWWReplica.get")

    def state(self) -> dict:
        """The whole state as a message {key: (value, timestamp, replica_id)}."""
        raise NotImplementedError("LWWReplica.state")

    def merge(self, message: dict) -> None:
        """Fold in a message: per key, the entry with the larger (timestamp, replica_id) stays.

        (about 6 lines) e.g. holding {"k": (1.5, 3, "eu")}, merge({"k": [2.0, 3, "us"]}) -> 2.0 wins
        """
        # TODO: check_lww_message(message) first, then compare (timestamp, replica) tuples.
        raise NotImplementedError("LWWReplica.merge")


def compare(a: dict, b: dict) -> str:
    """'equal', 'before' (b has seen all of a, and more), 'after' or 'concurrent'.

    (about 10 lines) e.g. compare({"eu": 1}, {"eu": 2, "us": 1}) -> "before"
    """
    # TODO: check_version_vector both; a <= b when every count of a is <= b's (absent = 0).
    raise NotImplementedError("compare")


class VVReplica:
    """A map whose keys carry version vectors; concurrent writes are kept as siblings."""

    def __init__(self, replica_id: str):
        # TODO: the replica id and key -> [(value, version_vector), ...].
        raise NotImplementedError("VVReplica")

    def put(self, key: str, value) -> dict:
        """Overwrite every sibling of key held here; return the write's message.

        (about 10 lines) e.g. holding [(18.5, {"eu": 1}), (20.0, {"us": 1})] at "us",
        put("k", 19.0) -> {"k": [(19.0, {"eu": 1, "us": 2})]}
        """
        # TODO: entrywise max of the siblings' vectors, own count + 1; replace the siblings.
        raise NotImplementedError("VVReplica.put")

    def get(self, key: str) -> list:
        """The sibling values of key, sorted; KeyError(key) if none."""
        raise NotImplementedError("VVReplica.get")

    def state(self) -> dict:
        """The whole state as a message {key: [(value, version_vector), ...]}."""
        raise NotImplementedError("VVReplica.state")

    def merge(self, message: dict) -> None:
        """Fold in a message: keep every sibling, from either side, that no other one has seen.

        (about 12 lines) e.g. holding [(18.5, {"eu": 1})], merge({"k": [(20.0, {"us": 1})]})
        -> siblings 18.5 and 20.0; then merge({"k": [(19.0, {"eu": 1, "us": 2})]}) -> 19.0 alone
        """
        # TODO: check_vv_message first; skip a sibling whose vector is "equal" to one held
        # (a duplicate); keep the candidates that are not "before" any other candidate.
        raise NotImplementedError("VVReplica.merge")
