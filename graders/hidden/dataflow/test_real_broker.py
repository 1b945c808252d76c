"""Hidden tests for dataflow.real_broker, every check made on the server with the tests' own
redis client: a consumer that died after its effect but before its XACK (the test plays it)
must not apply the effect twice; consumers SIGKILLed at random points over a few hundred
rides with malformed ones mixed in, every effect and every dead letter exactly once; two
consumers at once never both process an entry; events published before the group; every bad input; and
the connection counts for n = 2..6, counted by the server itself."""
import random
from collections import Counter

import pytest
import redis

from graders import kata, processes
from graders.datagen import real_broker as gen

rb = kata("dataflow.real_broker")

KILLS = 3
RIDES = 240


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


def consumer(url, name, min_idle_ms=100, process_ms=0, batch=10, stream="rides", group="billing"):
    return processes.start("dataflow.real_broker", "run_consumer", url, stream, group, name, batch, 50, min_idle_ms, process_ms)


def run_to_the_end(url, name, timeout=8, **kw):
    with consumer(url, name, **kw) as proc:
        try:
            lines = proc.lines(timeout=timeout)
        except TimeoutError:
            pytest.fail(f"consumer {name} did not drain the stream within {timeout} s (entries left pending by a dead "
                        f"consumer must be claimed with XAUTOCLAIM). Its stderr:\n{proc.stderr_tail()}")
        status = proc.wait(timeout=10)
        assert status == 0 and lines[-1:] == ["drained"], (
            f"consumer {name} printed {lines[-4:]} and exited with {status}. Its stderr:\n{proc.stderr_tail()}")
    return lines


def dead_letters(r, stream="rides"):
    return Counter((f[b"entry_id"].decode(), f[b"reason"].decode()) for _, f in r.xrange(rb.dead_letter_stream(stream)))


# --- targeted checks --------------------------------------------------------------------------

def test_a_consumer_that_died_between_effect_and_ack_is_not_applied_twice(url, r):
    rides = gen.rides(12, seed=5)
    ids = rb.publish_rides(url, "rides", rides)
    bad = r.xadd("rides", gen.MALFORMED[0][0]).decode()
    rb.create_group(url, "rides", "billing")
    # "ghost" reads everything, applies the effect of the first 6 rides and dead-letters the
    # malformed one exactly as the statement says, then dies before any XACK.
    r.xreadgroup("billing", "ghost", {"rides": ">"}, count=100)
    for entry_id, ride in list(zip(ids, rides))[:6]:
        with r.pipeline() as pipe:
            pipe.sadd(rb.processed_key("billing"), entry_id)
            pipe.hincrby(rb.earnings_key("billing"), ride["driver_id"], ride["fare_cents"])
            pipe.execute()
    with r.pipeline() as pipe:
        pipe.sadd(rb.processed_key("billing"), bad)
        pipe.xadd(rb.dead_letter_stream("rides"), {"entry_id": bad, "reason": gen.MALFORMED[0][1]})
        pipe.execute()
    lines = run_to_the_end(url, "heir", min_idle_ms=0)
    assert any(line.startswith("claimed ") for line in lines), f"heir never claimed ghost's pending entries: {lines}"
    got, expected = r.hgetall(rb.earnings_key("billing")), earnings(rides)
    assert got == expected, (f"ghost applied rides 0-5 then died before XACK; after heir: earnings {got}, expected {expected}: "
                             "an entry already in the processed set must only be acked")
    for entry_id in ids[:6] + [bad]:
        assert f"duplicate {entry_id}" in lines, f"heir did not print 'duplicate {entry_id}' for an entry ghost had applied: {lines}"
    got = dead_letters(r)
    assert got == Counter({(bad, gen.MALFORMED[0][1]): 1}), f"the dead letters are {dict(got)}: the malformed entry must be there once"
    assert r.xpending("rides", "billing")["pending"] == 0, "entries still pending after heir drained"


def test_consumers_killed_at_random_points_every_effect_exactly_once(url, r):
    rnd = random.Random(2024)
    rides = gen.rides(RIDES, seed=9, drivers=7)
    good_ids, bad = [], Counter()
    for chunk in range(0, RIDES, 60):
        good_ids += rb.publish_rides(url, "rides", rides[chunk:chunk + 60])
        fields, reason = gen.MALFORMED[(chunk // 60) % len(gen.MALFORMED)]
        bad[(r.xadd("rides", fields).decode(), reason)] = 1
    rb.create_group(url, "rides", "billing")
    for k in range(KILLS):
        # 10 ms an entry: 240 take 2.4 s, far more than the lines read before the kill, so every
        # kill lands while the consumer holds entries it has not acked, however loaded the machine.
        with consumer(url, f"worker-{k}", process_ms=10) as proc:
            for _ in range(rnd.randint(8, 50)):
                line = proc.readline(timeout=10)
                assert line is not None, f"worker-{k} ended before it was killed. Its stderr:\n{proc.stderr_tail()}"
            proc.kill()
    left = r.xpending("rides", "billing")["pending"]
    assert left > 0, f"{KILLS} consumers were killed mid-stream, yet none left a pending entry (XREADGROUP without NOACK keeps them)"
    run_to_the_end(url, "worker-final")
    got, expected = r.hgetall(rb.earnings_key("billing")), earnings(rides)
    assert got == expected, (f"after {KILLS} SIGKILLs and a final consumer the earnings are {got}, expected {expected}: "
                             "every ride's fare exactly once (ack only after the effect; skip what is processed)")
    got = {x.decode() for x in r.smembers(rb.processed_key("billing"))}
    missing = set(good_ids) - got
    assert not missing, f"{len(missing)} rides never reached the processed set, e.g. {sorted(missing)[:3]}"
    got = dead_letters(r)
    assert got == bad, f"the dead letters are {dict(got)}, expected each malformed entry once: {dict(bad)}"
    assert r.xpending("rides", "billing")["pending"] == 0, "entries still pending after the final consumer drained"


def test_two_consumers_at_once_never_process_an_entry_twice(url, r):
    rides = gen.rides(40, seed=3)
    ids = rb.publish_rides(url, "rides", rides)
    rb.create_group(url, "rides", "billing")
    with consumer(url, "a", min_idle_ms=5000, process_ms=2, batch=5) as a, \
            consumer(url, "b", min_idle_ms=5000, process_ms=2, batch=5) as b:
        lines = {"a": a.lines(timeout=10), "b": b.lines(timeout=10)}
    done = {name: [line.split()[1] for line in got if line.startswith("processed ")] for name, got in lines.items()}
    both = set(done["a"]) & set(done["b"])
    assert not both, f"entries {sorted(both)[:3]} were processed by both a and b of one group"
    assert sorted(done["a"] + done["b"]) == sorted(ids), "a and b together did not process every entry once"
    assert r.hgetall(rb.earnings_key("billing")) == earnings(rides), "the earnings of two consumers at once are wrong"


def test_a_group_created_after_the_events_gets_them_and_a_second_group_too(url, r):
    first = gen.rides(5, seed=1)
    rb.publish_rides(url, "rides", first)
    rb.create_group(url, "rides", "billing")
    rb.create_group(url, "rides", "billing")  # an existing group is kept, with its position
    # Nothing is left pending here, so the consumers can run in this process: they return.
    rb.run_consumer(url, "rides", "billing", "w1", 10, 50, 100)
    later = gen.rides(4, seed=2, start=100)
    rb.publish_rides(url, "rides", later)
    rb.create_group(url, "rides", "audit")
    rb.run_consumer(url, "rides", "billing", "w2", 10, 50, 100)
    rb.run_consumer(url, "rides", "audit", "x1", 10, 50, 100)
    for group in ("billing", "audit"):
        got, expected = r.hgetall(rb.earnings_key(group)), earnings(first + later)
        assert got == expected, f"group {group}'s earnings are {got}, expected {expected}: every group gets every event, old ones too"


def test_every_malformed_kind_is_dead_lettered_with_its_reason(url, r):
    ids = {}
    for fields, reason in gen.MALFORMED + [({"ride_id": "x", "driver_id": "d1", "fare_cents": "abc"}, "fare_cents is not an int: 'abc'"),
                                           ({"ride_id": "y", "driver_id": "d1", "fare_cents": "-"}, "fare_cents is not an int: '-'"),
                                           ({"driver_id": "d1", "fare_cents": "5"}, "missing field ride_id")]:
        ids[r.xadd("rides", fields).decode()] = reason
    rb.publish_rides(url, "rides", [{"ride_id": "ok", "driver_id": "d2", "fare_cents": -40}])
    rb.create_group(url, "rides", "billing")
    lines = run_to_the_end(url, "w")
    for entry_id, reason in ids.items():
        assert f"dead {entry_id} {reason}" in lines, f"no line 'dead {entry_id} {reason}' among {lines}"
    got = dead_letters(r)
    expected = Counter(ids.items())
    assert got == expected, f"the dead-letter stream holds {dict(got)}, expected {dict(expected)}"
    assert r.hgetall(rb.earnings_key("billing")) == {b"d2": b"-40"}, "a well-formed ride (an int fare, even negative: a refund) is an effect"


def test_bad_input(url, r):
    with pytest.raises(rb.UnknownGroup, match=r"^no group billing on stream rides"):
        rb.run_consumer(url, "rides", "billing", "w")  # no stream yet
    rb.create_group(url, "rides", "billing")
    with pytest.raises(rb.UnknownGroup, match=r"^no group audit on stream rides"):
        rb.run_consumer(url, "rides", "audit", "w")
    with pytest.raises(ValueError, match=r"^ride 2 lacks driver_id"):
        rb.publish_rides(url, "rides", gen.rides(2) + [{"ride_id": "r9", "fare_cents": 5}])
    with pytest.raises(ValueError, match=r"^ride 0 lacks ride_id"):
        rb.publish_rides(url, "rides", [{"driver_id": "d", "fare_cents": 5}])
    assert r.xlen("rides") == 0, f"publish_rides refused its rides, yet the stream holds {r.xlen('rides')} entries"
    for call in (lambda: rb.broadcast_through_broker(url, "mesh", 1), lambda: rb.broadcast_direct(1), lambda: rb.broadcast_direct(0)):
        with pytest.raises(ValueError, match=r"^a broadcast needs n >= 2 services, got"):
            call()


@pytest.mark.parametrize("n", [2, 3, 5, 6])
def test_connection_counts(url, r, n):
    names = [f"service-{i}" for i in range(n)]
    expected = {name: [other for other in names if other != name] for name in names}
    before = r.info("stats")["total_connections_received"]
    got = rb.broadcast_through_broker(url, f"mesh-{n}", n)
    opened = r.info("stats")["total_connections_received"] - before
    assert got == expected, f"broadcast_through_broker(url, 'mesh-{n}', {n}) returned {got}, expected {expected}"
    assert opened == n, f"{n} services through the broker opened {opened} connections to it, expected {n}: one each, held"
    got = rb.broadcast_direct(n)
    pairs = n * (n - 1) // 2
    assert got == {"connections": pairs, "received": expected}, (
        f"broadcast_direct({n}) returned {got}, expected {pairs} connections (one per pair) and every name received")
