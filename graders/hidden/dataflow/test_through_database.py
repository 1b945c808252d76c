"""Hidden tests for dataflow.through_database, the file read back with sqlite3 alone wherever
a state is checked: WAL, and a reader that never blocks the writer; the effect and the
checkpoint in one transaction (a crash placed between them, at several positions);
consumers with their own checkpoints; bad input; latency_report against numbers computed
here; a stateful run of sends, polls, crashes and restarts against a plain-Python model; a
consumer process killed with SIGKILL again and again; and two poll intervals in one run."""
import json
import math
import random
import re
import sqlite3
import statistics
import time
from contextlib import closing, contextmanager

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from graders import kata, processes
from graders.datagen import through_database as gen

td = kata("dataflow.through_database")
KILLS = 4  # SIGKILLs of the consumer process, each into a fresh process (~0.1-0.2 s apiece)
TABLES = ("outbox", "checkpoints", "earnings", "applied")


def fresh(tmp_path, name="flow.db"):
    return gen.make_db(tmp_path / name)


@contextmanager
def held_open(db):
    """An idle connection for the life of a shared file: no other connection's close is then
    the last one, which would checkpoint the WAL (an fsync) every example."""
    with closing(sqlite3.connect(db)) as idle:
        idle.execute("SELECT count(*) FROM outbox").fetchone()
        yield


def totals(events):
    out = {}
    for e in events:
        cents, rides = out.get(e["driver_id"], (0, 0))
        out[e["driver_id"]] = (cents + e["fare_cents"], rides + 1)
    return out


def exactly(events, upto):
    """What the file must say of a consumer that applied events 1..upto exactly once."""
    return {"checkpoint": upto, "earnings": totals(events[:upto]), "applied": list(range(1, upto + 1))}


def sent(db, events):
    producer = td.Producer(db)
    seqs = [producer.send(e) for e in events]
    producer.close()
    assert seqs == list(range(1, len(events) + 1)), f"send() over a new outbox returned seqs {seqs}, expected 1..{len(events)}"


# --- the producer --------------------------------------------------------------------------------

def test_send_stores_the_event_as_json_with_its_time(tmp_path):
    db = fresh(tmp_path)
    producer = td.Producer(db)
    events = [{"ride_id": "r-1", "driver_id": 3, "fare_cents": 0, "city": "São Paulo", "tags": ["airport", None]},
              {"driver_id": 4, "fare_cents": 10**12, "surge": 1.75, "paid": True}]
    before = time.time()
    seqs = [producer.send(e) for e in events]
    after = time.time()
    assert seqs == [1, 2], f"send() returned {seqs}, expected [1, 2]"
    rows = gen.rows(db, "SELECT seq, payload, produced_at FROM outbox ORDER BY seq")
    got = [(s, json.loads(p)) for s, p, _ in rows]
    assert got == list(zip([1, 2], events)), f"the outbox holds {got}, expected the events as JSON: {list(zip([1, 2], events))}"
    stamps = [t for *_, t in rows]
    assert all(before - 1 <= t <= after + 1 for t in stamps), f"produced_at {stamps} is not time.time() at send (between {before} and {after})"


def test_a_reader_never_blocks_the_producer_nor_a_consumer(tmp_path):
    db = fresh(tmp_path)
    consumer = td.Consumer(db, "earnings")  # a consumer alone sets WAL too
    got = gen.journal_mode(db)
    assert got == "wal", f"PRAGMA journal_mode after Consumer(path) is {got!r}, expected 'wal'"
    producer = td.Producer(db)
    events = gen.rides(4, seed=1)
    producer.send(events[0])
    with closing(sqlite3.connect(db, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM outbox").fetchone()
        try:
            seqs = [producer.send(e) for e in events[1:]]
            applied = consumer.poll()
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"with another connection in a read transaction, send()/poll() raised {type(exc).__name__}: {exc} "
                        "(in WAL mode a reader never blocks the writer)")
        reader.execute("COMMIT")
    assert (seqs, applied) == ([2, 3, 4], [1, 2, 3, 4]), f"send() returned {seqs}, poll() {applied}, expected [2, 3, 4] and [1, 2, 3, 4]"


# --- the consumer ---------------------------------------------------------------------------------

@pytest.mark.parametrize("crash_at", [1, 2, 5, 6])
def test_a_crash_after_the_effect_of_any_event_neither_loses_nor_doubles_it(tmp_path, crash_at):
    db = fresh(tmp_path)
    events = gen.rides(6, seed=crash_at)
    sent(db, events)
    crashing = td.Consumer(db, "earnings", crash_at_seq=crash_at)
    with pytest.raises(td.SimulatedCrash):
        crashing.poll(max_events=10)
        pytest.fail(f"Consumer(..., crash_at_seq={crash_at}).poll() returned without calling crashpoint({crash_at})")
    got = gen.state(db, "earnings")
    assert got == exactly(events, crash_at - 1), (f"crashed after the effect of event {crash_at}: the file holds {got}, "
                                                  f"expected {exactly(events, crash_at - 1)}")
    # The crashed transaction was rolled back, not left open holding the write lock.
    extra = gen.rides(1, seed=99, first_ride=7)
    try:
        td.Producer(db).send(extra[0])
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"send() after a consumer's crash raised {type(exc).__name__}: {exc}: poll must ROLLBACK on an exception")
    with pytest.raises(td.SimulatedCrash):  # the same object, the same crash point: again nothing is kept
        crashing.poll()
    assert gen.state(db, "earnings") == exactly(events, crash_at - 1), f"a second crash changed the file: {gen.state(db, 'earnings')}"
    crashing.close()
    restarted = td.Consumer(db, "earnings")
    got = restarted.poll()
    assert got == list(range(crash_at, 8)), f"the restarted consumer's poll() returned {got}, expected {list(range(crash_at, 8))}"
    got = gen.state(db, "earnings")
    assert got == exactly(events + extra, 7), f"after the crash and a restart the file holds {got}, expected {exactly(events + extra, 7)}"


def test_a_crash_point_never_reached_changes_nothing(tmp_path):
    db = fresh(tmp_path)
    events = gen.rides(3, seed=2)
    sent(db, events)
    got = td.Consumer(db, "earnings", crash_at_seq=9).poll()
    assert got == [1, 2, 3], f"a consumer with crash_at_seq=9 over 3 events polled {got}, expected [1, 2, 3]"
    assert gen.state(db, "earnings") == exactly(events, 3), f"the file holds {gen.state(db, 'earnings')}"


POLL_EVENTS = gen.rides(15, seed=15)


@pytest.fixture(scope="module")
def outbox_of_15(tmp_path_factory):
    """One file of 15 events for every example: each example polls as a consumer of its own."""
    db = fresh(tmp_path_factory.mktemp("poll"))
    gen.fill_outbox(db, POLL_EVENTS, produced_at=time.time())
    with held_open(db):
        yield db


_consumers = iter(range(10**9))


@settings(max_examples=12, deadline=None)
@given(sizes=st.lists(st.integers(1, 7), min_size=1, max_size=6))
@example(sizes=[1, 1, 1])
@example(sizes=[15, 1])
@example(sizes=[14, 2])
@example(sizes=[3, 100])
def test_poll_takes_at_most_max_events_in_seq_order(outbox_of_15, sizes):
    db, n, name = outbox_of_15, len(POLL_EVENTS), f"consumer-{next(_consumers)}"
    consumer, done = td.Consumer(db, name), 0
    for size in sizes:
        got = consumer.poll(max_events=size)
        expected = list(range(done + 1, min(done + size, n) + 1))
        assert got == expected, f"after {done} of {n} events applied, poll(max_events={size}) returned {got}, expected {expected}"
        done += len(expected)
        assert consumer.checkpoint() == done, f"checkpoint() is {consumer.checkpoint()}, expected {done}"
    assert gen.state(db, name) == exactly(POLL_EVENTS, done), f"the file holds {gen.state(db, name)}, expected {exactly(POLL_EVENTS, done)}"
    got = consumer.earnings()
    expected = {d: c for d, (c, _) in totals(POLL_EVENTS[:done]).items()}
    assert got == expected, f"earnings() returned {got}, expected {expected}"
    consumer.close()


def test_poll_takes_at_most_100_events_by_default(tmp_path):
    db = fresh(tmp_path)
    events = gen.rides(101, seed=101)
    gen.fill_outbox(db, events, produced_at=time.time())
    consumer = td.Consumer(db, "earnings")
    got = consumer.poll()
    assert got == list(range(1, 101)), f"poll() over 101 events returned {len(got)} seqs ({got[:2]}...{got[-2:]}), expected 1..100"
    got = consumer.poll()
    assert got == [101], f"the second poll() over 101 events returned {got}, expected [101]"
    assert gen.state(db, "earnings") == exactly(events, 101), "after two poll()s over 101 events the file is not what it should be"
    consumer.close()


def test_an_empty_outbox(tmp_path):
    db = fresh(tmp_path)
    consumer = td.Consumer(db, "earnings")
    got = (consumer.poll(), consumer.checkpoint(), consumer.earnings(), td.latency_report(db, "earnings"))
    expected = ([], 0, {}, {"events": 0, "median_s": None, "p99_s": None})
    assert got == expected, f"poll(), checkpoint(), earnings(), latency_report() on an empty outbox returned {got}, expected {expected}"


def test_three_consumers_keep_their_own_checkpoints(tmp_path):
    db = fresh(tmp_path)
    events = gen.rides(9, seed=3)
    producer = td.Producer(db)
    names = ["earnings", "audit", "Earnings"]  # names are case-sensitive
    consumers = {name: td.Consumer(db, name) for name in names}
    assert [c.checkpoint() for c in consumers.values()] == [0, 0, 0], "a new consumer's checkpoint() is 0"
    for e in events[:5]:
        producer.send(e)
    got = [consumers["audit"].poll(max_events=2), consumers["earnings"].poll(), consumers["audit"].poll(), consumers["Earnings"].poll(max_events=1)]
    assert got == [[1, 2], [1, 2, 3, 4, 5], [3, 4, 5], [1]], f"interleaved polls returned {got}, expected [[1, 2], [1, 2, 3, 4, 5], [3, 4, 5], [1]]"
    for e in events[5:]:
        producer.send(e)
    td.Consumer(db, "audit").close()  # a second object for a name reads the same checkpoint
    for name in names:
        consumers[name].poll()
        got = gen.state(db, name)
        assert got == exactly(events, 9), f"consumer {name!r} in the file: {got}, expected {exactly(events, 9)}"
        got = consumers[name].earnings()
        expected = {d: c for d, (c, _) in totals(events).items()}
        assert got == expected, f"{name!r}.earnings() returned {got}, expected {expected}: each consumer its own earnings"


# --- bad input ----------------------------------------------------------------------------------

BAD_EVENTS = [
    ([7, 100], TypeError, r"^an event is a dict, got list"),
    ((7, 100), TypeError, r"^an event is a dict, got tuple"),
    (None, TypeError, r"^an event is a dict, got NoneType"),
    ('{"driver_id": 7, "fare_cents": 1}', TypeError, r"^an event is a dict, got str"),
    ({"fare_cents": 100}, ValueError, r"^a ride event needs an int driver_id and an int fare_cents >= 0, got \{'fare_cents': 100\}"),
    ({"driver_id": 7, "fare_cents": -1}, ValueError, r"^a ride event needs"),
    ({"driver_id": 7, "fare_cents": 1.5}, ValueError, r"^a ride event needs"),
    ({"driver_id": True, "fare_cents": 100}, ValueError, r"^a ride event needs"),
    ({"driver_id": 7, "fare_cents": False}, ValueError, r"^a ride event needs"),
    ({"driver_id": "7", "fare_cents": 100}, ValueError, r"^a ride event needs"),
    ({"driver_id": 7, "fare_cents": 1, "raw": b"\x00"}, TypeError,
     r"^cannot send \{'driver_id': 7, 'fare_cents': 1, 'raw': b'\\x00'\}: Object of type bytes is not JSON serializable"),
    ({"driver_id": 7, "fare_cents": 1, "tags": [{"a", "b"}]}, TypeError, r"^cannot send .*Object of type set is not JSON serializable"),
]


def test_bad_events_raise_and_write_nothing(tmp_path):
    db = fresh(tmp_path)
    producer = td.Producer(db)
    for event, error, message in BAD_EVENTS:
        with pytest.raises(error, match=message):
            producer.send(event)
            pytest.fail(f"send({event!r}) returned, expected {error.__name__} matching {message!r}")
        assert gen.rows(db, "SELECT count(*) FROM outbox") == [(0,)], f"send({event!r}) was refused, yet the outbox holds a row"
    got = producer.send({"driver_id": 7, "fare_cents": 0})
    assert got == 1, f"after {len(BAD_EVENTS)} refused events, send() returned seq {got}, expected 1"


def test_a_consumer_needs_a_non_empty_name_before_anything_else(tmp_path):
    db = fresh(tmp_path)
    for name in ["", None, 3, b"earnings"]:
        for path in (db, str(tmp_path / "missing.db")):
            with pytest.raises(ValueError, match=r"^a consumer needs a non-empty name"):
                td.Consumer(path, name)
                pytest.fail(f"Consumer({path!r}, {name!r}) was accepted")


def test_max_events_must_be_a_positive_int(tmp_path):
    db = fresh(tmp_path)
    sent(db, gen.rides(2, seed=1))
    consumer = td.Consumer(db, "earnings")
    for max_events in [0, -3, 2.0, True, "5", None]:
        with pytest.raises(ValueError, match=r"^max_events must be a positive int, got " + re.escape(repr(max_events))):
            consumer.poll(max_events)
            pytest.fail(f"poll({max_events!r}) was accepted")
    assert gen.state(db, "earnings") == exactly([], 0), "a refused poll applied something"
    assert consumer.poll(1) == [1], "poll(1) after the refused ones must apply event 1"


def _not_ours(path, reason):
    return "^" + re.escape(f"not a dataflow database: {path} ({reason}")


def test_files_that_are_not_the_kata_database(tmp_path):
    missing = tmp_path / "missing.db"
    for open_it in (lambda p: td.Producer(p), lambda p: td.Consumer(p, "earnings"), lambda p: td.latency_report(p, "earnings")):
        with pytest.raises(td.NotADataflowDatabase, match=_not_ours(missing, "no such file)")):
            open_it(str(missing))
    assert not missing.exists(), f"opening {missing} created it: a missing file must stay missing"
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"these are not the pages of an SQLite database\n" * 100)
    for open_it in (lambda p: td.Producer(p), lambda p: td.Consumer(p, "earnings")):
        with pytest.raises(td.NotADataflowDatabase, match=_not_ours(garbage, "")):
            open_it(str(garbage))
    for lacking in TABLES:
        partial = tmp_path / f"without_{lacking}.db"
        with closing(sqlite3.connect(partial)) as conn:
            conn.executescript(";".join(s for s in gen.SCHEMA.split(";") if f"TABLE {lacking} " not in s))
        for open_it in (lambda p: td.Producer(p), lambda p: td.Consumer(p, "earnings")):
            with pytest.raises(td.NotADataflowDatabase, match=_not_ours(partial, f"no table {lacking})")):
                open_it(str(partial))


# --- latency_report ------------------------------------------------------------------------------

def oracle_report(latencies):
    if not latencies:
        return {"events": 0, "median_s": None, "p99_s": None}
    ordered = sorted(latencies)
    return {"events": len(ordered), "median_s": statistics.median(ordered), "p99_s": ordered[math.ceil(0.99 * len(ordered)) - 1]}


def close_enough(got, expected):
    return got.keys() == expected.keys() and all(
        (g is None and e is None) or (g is not None and e is not None and math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-9))
        for g, e in zip((got[k] for k in expected), expected.values()))


@pytest.fixture(scope="module")
def timings_db(tmp_path_factory):
    """One file for every example: each example writes the rows of a consumer of its own."""
    db = fresh(tmp_path_factory.mktemp("latency"))
    gen.write_timings(db, "other", [1.7e9] * 3, [1.7e9 + 50] * 3)  # another consumer's rows never count
    with held_open(db):
        yield db


_examples = iter(range(10**9))


@settings(max_examples=30, deadline=None)
@given(latencies=st.lists(st.integers(0, 10**6).map(lambda us: us / 10**6), max_size=250), seed=st.integers(0, 99))
@example(latencies=[], seed=0)
@example(latencies=[0.5], seed=0)
@example(latencies=[0.1, 0.3], seed=0)  # even: the mean of the two middle ones
@example(latencies=[0.004, 0.001, 0.002, 0.003], seed=1)
@example(latencies=[i / 1000 for i in range(200)], seed=2)  # p99 of 200 is the 198th, not the max
@example(latencies=[i / 1000 for i in range(101)], seed=3)
def test_latency_report_matches_median_and_nearest_rank_p99(timings_db, latencies, seed):
    name = f"consumer-{next(_examples)}"
    rnd = random.Random(seed)
    produced = [1.7e9 + rnd.uniform(0, 100) for _ in latencies]
    gen.write_timings(timings_db, name, produced, [p + d for p, d in zip(produced, latencies)])
    got = td.latency_report(timings_db, name)
    expected = oracle_report([(p + d) - p for p, d in zip(produced, latencies)])
    assert isinstance(got, dict) and close_enough(got, expected), f"latency_report over {len(latencies)} latencies returned {got}, expected {expected}"


# --- a stateful run against a model --------------------------------------------------------------

NAMES = ("earnings", "audit")


class Flow(RuleBasedStateMachine):
    """Consumers of their own on one shared file: the events already in it count too."""

    def __init__(self, db):
        super().__init__()
        self.db = db
        self.names = tuple(f"{name}-{next(_consumers)}" for name in NAMES)
        self.producer = td.Producer(self.db)
        self.consumers = {name: td.Consumer(self.db, name) for name in self.names}
        self.events = [json.loads(p) for (p,) in gen.rows(self.db, "SELECT payload FROM outbox ORDER BY seq")]
        self.done = dict.fromkeys(self.names, 0)

    @rule(driver=st.integers(1, 3), fare=st.integers(0, 5000))
    def send(self, driver, fare):
        seq = self.producer.send({"driver_id": driver, "fare_cents": fare})
        self.events.append({"driver_id": driver, "fare_cents": fare})
        assert seq == len(self.events), f"send() returned seq {seq}, expected {len(self.events)}"

    @rule(which=st.sampled_from([0, 1]), max_events=st.integers(1, 4))
    def poll(self, which, max_events):
        name = self.names[which]
        got = self.consumers[name].poll(max_events)
        expected = list(range(self.done[name] + 1, min(self.done[name] + max_events, len(self.events)) + 1))
        assert got == expected, f"{name!r}.poll({max_events}) at checkpoint {self.done[name]} of {len(self.events)} returned {got}, expected {expected}"
        self.done[name] += len(expected)

    @rule(which=st.sampled_from([0, 1]), ahead=st.integers(1, 3))
    def crash_and_restart(self, which, ahead):
        name = self.names[which]
        self.consumers[name].close()
        at = self.done[name] + ahead
        crashing = td.Consumer(self.db, name, crash_at_seq=at)
        if at <= len(self.events):
            with pytest.raises(td.SimulatedCrash):
                crashing.poll(max_events=5)
                pytest.fail(f"{name!r} with crash_at_seq={at} polled past event {at} without crashing")
            self.done[name] = at - 1
        else:
            crashing.poll(max_events=5)
            self.done[name] = min(self.done[name] + 5, len(self.events))
        crashing.close()
        self.consumers[name] = td.Consumer(self.db, name)

    @rule(which=st.sampled_from([0, 1]))
    def reopen(self, which):
        name = self.names[which]
        self.consumers[name].close()
        self.consumers[name] = td.Consumer(self.db, name)

    @invariant()
    def the_file_is_the_model(self):
        for name, got in gen.states(self.db, self.names).items():
            expected = exactly(self.events, self.done[name])
            assert got == expected, f"consumer {name!r} in the file: {got}, expected {expected}"

    def teardown(self):
        for consumer in self.consumers.values():
            consumer.close()
        self.producer.close()


def test_stateful_sends_polls_crashes_and_restarts_match_the_model(tmp_path):
    db = fresh(tmp_path)
    gen.fill_outbox(db, gen.rides(3, seed=30), produced_at=time.time())
    with held_open(db):
        run_state_machine_as_test(lambda: Flow(db), settings=settings(max_examples=10, stateful_step_count=15, deadline=None))


# --- real processes ---------------------------------------------------------------------------------

def applied_seqs(lines):
    return [int(line.split()[1]) for line in lines if line.startswith("applied ")]


def test_killed_at_random_points_again_and_again_every_event_is_applied_once(tmp_path):
    db = fresh(tmp_path)
    events = []
    td.Consumer(db, "earnings").close()
    rnd = random.Random(5)
    promised = set()
    for k in range(KILLS):
        # A backlog, so that the consumer is busy (mostly inside a transaction) when the kill lands.
        checkpoint = gen.state(db, "earnings")["checkpoint"]
        if len(events) - checkpoint < 150:
            more = gen.rides(200, seed=100 + k, drivers=7, first_ride=len(events) + 1)
            gen.fill_outbox(db, more, produced_at=time.time())
            events += more
        with processes.start("dataflow.through_database", "run_consumer", db, "earnings", 10**9, 0.01) as proc:
            lines = []
            for _ in range(rnd.randint(1, 30)):
                line = proc.readline(timeout=20)
                assert line is not None, f"run_consumer stopped before it was killed. Its stderr:\n{proc.stderr_tail()}"
                lines.append(line)
            end = time.perf_counter() + rnd.uniform(0, 0.004)  # anywhere in the next events: inside a transaction or between two
            while time.perf_counter() < end:
                pass
            proc.kill()
            lines += proc.lines(timeout=10)
        promised |= set(applied_seqs(lines))
        got = gen.state(db, "earnings")
        assert got == exactly(events, got["checkpoint"]), (
            f"after SIGKILL number {k + 1} the file holds, for checkpoint {got['checkpoint']}: applied {got['applied'][-5:]} (last 5), "
            f"earnings {got['earnings']}, expected {exactly(events, got['checkpoint'])}: each event up to the checkpoint exactly once")
        missing = sorted(promised - set(got["applied"]))
        assert not missing, f"after SIGKILL number {k + 1}, events {missing} were printed as applied but are not in the file"
    n = len(events)
    with processes.start("dataflow.through_database", "run_consumer", db, "earnings", n, 0.01) as proc:
        rest = proc.lines(timeout=30)
        status = proc.wait(timeout=10)
        log = proc.stderr_tail()
    assert status == 0 and rest[-1:] == ["done"], f"the last run_consumer exited with {status}, its last lines {rest[-3:]}; stderr:\n{log}"
    got = gen.state(db, "earnings")
    assert got == exactly(events, n), (f"after {KILLS} kills and a last run the file holds checkpoint {got['checkpoint']}, "
                                       f"{len(got['applied'])} applied rows, earnings {got['earnings']}, expected {exactly(events, n)}")
    with processes.start("dataflow.through_database", "run_consumer", db, "earnings", n, 0.01) as proc:
        again = proc.lines(timeout=10)
    assert again == ["done"], f"run_consumer with nothing left to do printed {again}, expected just ['done']"


def test_two_poll_intervals_in_one_run(tmp_path):
    """The deck's "DBs have read/write latency": an event waits for the next poll."""
    db = fresh(tmp_path)
    events = gen.rides(19, seed=8)
    slow, fast = 0.08, 0.005
    td.Producer(db).send(events[0])
    with processes.start("dataflow.through_database", "run_consumer", db, "slow", 19, slow) as a, \
            processes.start("dataflow.through_database", "run_consumer", db, "fast", 19, fast) as b:
        first = (a.readline(timeout=20), b.readline(timeout=20))  # both consumers are up and polling
        with processes.start("dataflow.through_database", "run_producer", db, events[1:], 0.01) as producer:
            lines = {"producer": producer.lines(timeout=20), "slow": a.lines(timeout=20), "fast": b.lines(timeout=20)}
            status = (producer.wait(timeout=10), a.wait(timeout=10), b.wait(timeout=10))
            logs = (producer.stderr_tail(), a.stderr_tail(), b.stderr_tail())
    expected = {"producer": [f"sent {i}" for i in range(2, 20)], "slow": [f"applied {i}" for i in range(2, 20)] + ["done"],
                "fast": [f"applied {i}" for i in range(2, 20)] + ["done"]}
    assert first == ("applied 1", "applied 1") and lines == expected and status == (0, 0, 0), (
        f"the consumers printed {first} first, then the three processes printed {lines}, exit statuses {status}; "
        f"expected ('applied 1', 'applied 1'), {expected}. stderr: {logs}")
    with closing(sqlite3.connect(db)) as conn:
        measured = {name: [a - p for a, p in conn.execute(
            "SELECT a.applied_at, o.produced_at FROM applied a JOIN outbox o USING (seq) WHERE a.consumer = ?", (name,))]
            for name in ("slow", "fast")}
    report = {name: td.latency_report(db, name) for name in ("slow", "fast")}
    for name in ("slow", "fast"):
        assert close_enough(report[name], oracle_report(measured[name])), f"latency_report(db, {name!r}) returned {report[name]}, expected {oracle_report(measured[name])}"
    assert report["slow"]["median_s"] >= 0.25 * slow, (
        f"polling every {slow * 1000:.0f} ms, the median latency is {report['slow']['median_s'] * 1000:.1f} ms: an event waits for "
        f"the next poll, about half an interval, so at least {0.25 * slow * 1000:.0f} ms was expected")
    ratio = report["slow"]["median_s"] / report["fast"]["median_s"]
    assert ratio >= 2, (f"median latency polling every {slow * 1000:.0f} ms: {report['slow']['median_s'] * 1000:.1f} ms; every "
                        f"{fast * 1000:.0f} ms: {report['fast']['median_s'] * 1000:.1f} ms; a ratio of {ratio:.1f}, expected >= 2")
