"""Visible tests for dataflow.through_database. Run: pytest exercises/dataflow/test_through_database.py"""
import re
import sqlite3
import time
from contextlib import closing

import pytest

from graders import kata, processes
from graders.datagen import through_database as gen

td = kata("dataflow.through_database")
ANA, BEN = {"ride_id": 1, "driver_id": 7, "fare_cents": 1850}, {"ride_id": 2, "driver_id": 8, "fare_cents": 900}


@pytest.fixture
def db(tmp_path):
    return gen.make_db(tmp_path / "flow.db")


def totals(events):
    """What every event applied once adds up to: {driver: (cents, rides)}."""
    out = {}
    for e in events:
        cents, rides = out.get(e["driver_id"], (0, 0))
        out[e["driver_id"]] = (cents + e["fare_cents"], rides + 1)
    return out


def test_statement_example(db):
    rides = td.Producer(db)
    got = [rides.send(ANA), rides.send(BEN)]
    assert got == [1, 2], f"two send() calls on a new outbox returned {got}, expected the seqs [1, 2]"
    earnings = td.Consumer(db, "earnings")
    got = earnings.poll()
    assert got == [1, 2], f"poll() after two sends returned {got}, expected [1, 2]"
    got = earnings.poll()
    assert got == [], f"a second poll() with nothing new returned {got}, expected []"
    got = earnings.earnings()
    assert got == {7: 1850, 8: 900}, f"earnings() returned {got}, expected {{7: 1850, 8: 900}}"
    got = td.Consumer(db, "audit").poll(max_events=1)
    assert got == [1], f"a second consumer 'audit' polling max_events=1 got {got}, expected [1]: it has its own checkpoint"
    got = gen.state(db, "earnings")
    expected = {"checkpoint": 2, "earnings": {7: (1850, 1), 8: (900, 1)}, "applied": [1, 2]}
    assert got == expected, f"the file holds, for consumer 'earnings', {got}, expected {expected}"


def test_the_file_is_in_wal_mode_and_a_reader_does_not_block_the_producer(db):
    rides = td.Producer(db)
    rides.send(ANA)
    got = gen.journal_mode(db)
    assert got == "wal", f"PRAGMA journal_mode after Producer(path) is {got!r}, expected 'wal'"
    with closing(sqlite3.connect(db, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        seen = reader.execute("SELECT count(*) FROM outbox").fetchone()[0]  # a read transaction, left open
        try:
            seq = rides.send(BEN)
        except Exception as exc:  # noqa: BLE001  (what the candidate raised, reported)
            pytest.fail(f"send() while another connection held a read transaction raised {type(exc).__name__}: {exc}; "
                        "in WAL mode a reader never blocks the writer")
        again = reader.execute("SELECT count(*) FROM outbox").fetchone()[0]
        reader.execute("COMMIT")
    assert (seen, seq, again) == (1, 2, 1), (f"the reader saw {seen} events, send() returned {seq}, the reader's snapshot "
                                             f"then held {again}: expected 1, 2, 1 (a snapshot does not move)")


def test_exactly_once_across_close_and_reopen(db):
    events = gen.rides(7, seed=1)
    producer = td.Producer(db)
    for e in events:
        producer.send(e)
    first = td.Consumer(db, "earnings")
    got = first.poll(max_events=3)
    assert got == [1, 2, 3], f"poll(max_events=3) over 7 events returned {got}, expected [1, 2, 3]"
    first.close()
    second = td.Consumer(db, "earnings")  # a restart: only the file remembers
    got = second.poll()
    assert got == [4, 5, 6, 7], f"a reopened consumer's poll() returned {got}, expected [4, 5, 6, 7]"
    got = gen.state(db, "earnings")
    expected = {"checkpoint": 7, "earnings": totals(events), "applied": list(range(1, 8))}
    assert got == expected, f"after 3 events, a close, a reopen and 4 more, the file holds {got}, expected {expected}"


def test_a_crash_between_the_effect_and_the_checkpoint_neither_loses_nor_doubles(db):
    events = gen.rides(5, seed=2)
    producer = td.Producer(db)
    for e in events:
        producer.send(e)
    crashing = td.Consumer(db, "earnings", crash_at_seq=3)
    with pytest.raises(td.SimulatedCrash):
        crashing.poll()
        pytest.fail("Consumer(db, 'earnings', crash_at_seq=3).poll() returned: poll must call self.crashpoint(seq) "
                    "after each event's effect, before its checkpoint moves")
    crashing.close()  # what a crash does to an open transaction: gone
    got = gen.state(db, "earnings")
    expected = {"checkpoint": 2, "earnings": totals(events[:2]), "applied": [1, 2]}
    assert got == expected, (f"crashed after the effect of event 3: the file holds {got}, expected {expected}: "
                             "event 3's effect must be rolled back with its checkpoint")
    restarted = td.Consumer(db, "earnings")
    got = restarted.poll()
    assert got == [3, 4, 5], f"the restarted consumer's poll() returned {got}, expected [3, 4, 5]"
    got = gen.state(db, "earnings")
    expected = {"checkpoint": 5, "earnings": totals(events), "applied": [1, 2, 3, 4, 5]}
    assert got == expected, f"after the crash and a restart the file holds {got}, expected {expected}: each event exactly once"


def test_two_consumers_each_see_every_event(db):
    events = gen.rides(6, seed=3)
    producer = td.Producer(db)
    earnings, audit = td.Consumer(db, "earnings"), td.Consumer(db, "audit")
    for e in events[:4]:
        producer.send(e)
    got = (earnings.poll(max_events=2), audit.poll(), earnings.poll())
    assert got == ([1, 2], [1, 2, 3, 4], [3, 4]), f"interleaved polls of two consumers returned {got}, expected ([1, 2], [1, 2, 3, 4], [3, 4])"
    for e in events[4:]:
        producer.send(e)
    got = (earnings.poll(), audit.poll())
    assert got == ([5, 6], [5, 6]), f"after two more sends both consumers polled {got}, expected ([5, 6], [5, 6])"
    for name in ("earnings", "audit"):
        got = gen.state(db, name)
        expected = {"checkpoint": 6, "earnings": totals(events), "applied": [1, 2, 3, 4, 5, 6]}
        assert got == expected, f"consumer {name!r} in the file: {got}, expected {expected}"


def test_bad_input(db, tmp_path):
    producer = td.Producer(db)
    with pytest.raises(TypeError, match=r"^an event is a dict, got list"):
        producer.send([7, 1850])
    with pytest.raises(ValueError, match=r"^a ride event needs an int driver_id and an int fare_cents >= 0, got \{'driver_id': 7\}"):
        producer.send({"driver_id": 7})
    with pytest.raises(TypeError, match=r"^cannot send \{'driver_id': 7, 'fare_cents': 1, 'at': \{1, 2\}\}: Object of type set is not JSON serializable"):
        producer.send({"driver_id": 7, "fare_cents": 1, "at": {1, 2}})
    assert gen.rows(db, "SELECT count(*) FROM outbox") == [(0,)], "refused events must not be written"
    with pytest.raises(ValueError, match=r"^a consumer needs a non-empty name"):
        td.Consumer(db, "")
    with pytest.raises(ValueError, match=r"^max_events must be a positive int, got 0"):
        td.Consumer(db, "earnings").poll(max_events=0)
    missing = str(tmp_path / "missing.db")
    with pytest.raises(td.NotADataflowDatabase, match="^" + re.escape(f"not a dataflow database: {missing} (no such file)")):
        td.Producer(missing)
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE rides (id INTEGER)")
    with pytest.raises(td.NotADataflowDatabase, match="^" + re.escape(f"not a dataflow database: {other} (no table outbox)")):
        td.Consumer(str(other), "earnings")


def applied_seqs(lines):
    return [int(line.split()[1]) for line in lines if line.startswith("applied ")]


def test_a_killed_consumer_restarted_applies_every_event_once(db):
    events = gen.rides(150, seed=4)
    gen.fill_outbox(db, events)
    td.Consumer(db, "earnings").close()  # opened here first, before it runs in a process
    with processes.start("dataflow.through_database", "run_consumer", db, "earnings", 150, 0.01) as proc:
        lines = [proc.readline(timeout=10) for _ in range(5)]
        assert lines == [f"applied {i}" for i in range(1, 6)], f"run_consumer printed {lines} first, expected applied 1..5. Its stderr:\n{proc.stderr_tail()}"
        proc.kill()
        lines += proc.lines(timeout=10)
    promised = applied_seqs(lines)
    half = gen.state(db, "earnings")
    assert set(promised) <= set(half["applied"]), f"run_consumer printed 'applied' for {promised} before its SIGKILL, but the file has only {half['applied']}"
    with processes.start("dataflow.through_database", "run_consumer", db, "earnings", 150, 0.01) as proc:
        rest = proc.lines(timeout=20)
        status = proc.wait(timeout=10)
        log = proc.stderr_tail()
    assert status == 0 and rest[-1:] == ["done"], f"the restarted run_consumer exited with {status}, its last lines {rest[-3:]}; stderr:\n{log}"
    got = gen.state(db, "earnings")
    expected = {"checkpoint": 150, "earnings": totals(events), "applied": list(range(1, 151))}
    assert got == expected, f"killed after {len(promised)} events and restarted, the file holds {got}, expected {expected}"
    assert applied_seqs(rest) == list(range(half["checkpoint"] + 1, 151)), (
        f"the restart printed {applied_seqs(rest)}, expected the events after its checkpoint {half['checkpoint']}")


def test_latency_is_bounded_below_by_the_poll_interval(db):
    """The deck's "DBs have read/write latency": a consumer sees an event only at its next poll."""
    events = gen.rides(17, seed=5)
    slow, fast = 0.06, 0.004
    producer = td.Producer(db)
    with processes.start("dataflow.through_database", "run_consumer", db, "slow", 17, slow) as a, \
            processes.start("dataflow.through_database", "run_consumer", db, "fast", 17, fast) as b:
        seqs = [producer.send(events[0])]
        first = (a.readline(timeout=20), b.readline(timeout=20))  # both consumers are up and polling
        for e in events[1:]:
            time.sleep(0.008)
            seqs.append(producer.send(e))
        done = (a.lines(timeout=20)[-1:], b.lines(timeout=20)[-1:])
        logs = (a.stderr_tail(), b.stderr_tail())
    assert first == ("applied 1", "applied 1") and seqs == list(range(1, 18)) and done == (["done"], ["done"]), (
        f"send() returned {seqs}; the consumers printed {first} first, ended with {done}; stderr: {logs}")
    report = {name: td.latency_report(db, name) for name in ("slow", "fast")}
    assert [r["events"] for r in report.values()] == [17, 17], f"latency_report counted {report}, expected 17 events each"
    assert report["slow"]["median_s"] >= 0.25 * slow, (
        f"a consumer polling every {slow * 1000:.0f} ms has a median latency of {report['slow']['median_s'] * 1000:.1f} ms: "
        f"an event waits on average half a poll interval for the next poll, so at least {0.25 * slow * 1000:.0f} ms was expected")
    ratio = report["slow"]["median_s"] / report["fast"]["median_s"]
    assert ratio >= 2, (f"median latency polling every {slow * 1000:.0f} ms: {report['slow']['median_s'] * 1000:.1f} ms, every "
                        f"{fast * 1000:.0f} ms: {report['fast']['median_s'] * 1000:.1f} ms: a ratio of {ratio:.1f}, expected >= 2")
