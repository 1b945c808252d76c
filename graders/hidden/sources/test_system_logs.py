"""Hidden tests for sources.system_logs: each format and each malformed kind at its edges;
tracebacks and whom they belong to; minute boundaries; UTF-8 sizes; the budget at the exact
byte; bad arguments; then logs generated with hypothesis, garbage injected, checked against
what the generator built (it knows every line's fate), with the sampling recomputed from
SHA-256 here and the budget walk modelled in plain Python; and a fixed log of thousands of
rides whose kept share is a fixed number, checked against the rate."""
import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graders import kata
from graders.datagen import system_logs as gen
from graders.datagen.system_logs import T0, json_line, plain

sl = kata("sources.system_logs")

UTC = timezone.utc
BIG = 10**12
KINDS = ("blank", "truncated_json", "bad_json", "orphan_traceback", "unparsable")


def fraction(ride):
    return int.from_bytes(hashlib.sha256(ride.encode("utf-8")).digest()[:8], "big") / 2**64


def size(line):
    return len(line.encode("utf-8")) + 1


def summary_size(summary):
    return size(json.dumps(summary, ensure_ascii=False))


def join(lines, final_newline=True):
    return "\n".join(lines) + ("\n" if final_newline and lines else "")


# --- the statement and each rule -------------------------------------------------------------

def test_statement_example():
    out = sl.reduce_log(sl.EXAMPLE_LOG, 0.5, 10_000)
    r = out["report"]
    got = (r["lines_in"], r["records"], r["parsed_lines"], r["kept_lines"], r["sampled_out_lines"],
           r["aggregated_lines"], r["quarantined_lines"], r["bytes_in"], r["bytes_kept"], r["bytes_quarantined"],
           r["bytes_saved"], r["summaries"], r["effective_rate"], r["within_budget"])
    expected = (12, 7, 11, 8, 1, 2, 1, 744, 601, 60, 83, 1, 0.5, True)
    assert got == expected, f"reduce_log(EXAMPLE_LOG, 0.5, 10_000) report {r}, expected the values {expected}"
    for budget, rate, kept in [(601, 0.5, 601), (600, fraction("126"), 489), (489, fraction("126"), 489),
                               (488, fraction("125"), 420), (420, fraction("125"), 420), (419, 0.0, 420)]:
        r = sl.reduce_log(sl.EXAMPLE_LOG, 0.5, budget)["report"]
        got = (r["effective_rate"], r["bytes_kept"], r["within_budget"])
        assert got == (rate, kept, kept <= budget), (
            f"reduce_log(EXAMPLE_LOG, 0.5, {budget}): effective_rate, bytes_kept, within_budget = {got}, expected {(rate, kept, kept <= budget)}")
    records = sl.parse_log(sl.EXAMPLE_LOG)["records"]
    assert records[-1]["ts"] == datetime(2026, 9, 14, 6, 31, 2, tzinfo=UTC), f"the +02:00 quote's ts is {records[-1]['ts']!r}"


def test_records_in_full():
    tb = gen.traceback("KeyError: 'card'", frames=1)
    lines = [plain(datetime(2026, 9, 14, 8, 30, 0, 123000, tzinfo=UTC), "INFO", "dispatch", "assigned ride=123 driver=7 (fast)"),
             '{"ts": "2026-09-14T10:30:00.500+02:00", "level": "Error", "component": "pay", "msg": "failed", "ride": 9, "x": [1]}',
             *tb]
    got = sl.parse_log(join(lines))
    expected = {"records": [
        {"line": 1, "lines": 1, "ts": datetime(2026, 9, 14, 8, 30, 0, 123000, tzinfo=UTC), "level": "INFO",
         "component": "dispatch", "message": "assigned ride=123 driver=7 (fast)", "fields": {"ride": "123", "driver": "7"},
         "ride": "123", "template": "assigned ride=* driver=* (fast)", "traceback": None, "format": "plain"},
        {"line": 2, "lines": 1 + len(tb), "ts": datetime(2026, 9, 14, 8, 30, 0, 500000, tzinfo=UTC), "level": "ERROR",
         "component": "pay", "message": "failed", "fields": {"ride": 9, "x": [1]}, "ride": "9", "template": "failed",
         "traceback": "\n".join(tb), "format": "json"}], "quarantine": []}
    assert got == expected, f"parse_log of {lines} gave {got}, expected {expected}"


@pytest.mark.parametrize("message, fields, template", [
    ("assigned ride=123 driver=7", {"ride": "123", "driver": "7"}, "assigned ride=* driver=*"),
    ("ride=1 ride=2", {"ride": "1"}, "ride=* ride=*"),
    ("a=b=c _x=1 9k=2 ride= =v", {"a": "b=c", "_x": "1"}, "a=* _x=* 9k=2 ride= =v"),
    ("two  spaces  ride=5", {"ride": "5"}, "two  spaces  ride=*"),
    ("no fields at all", {}, "no fields at all"),
    ("São=Paulo ok", {}, "São=Paulo ok"),
])
def test_plain_fields_and_templates(message, fields, template):
    line = plain(T0, "INFO", "dispatch", message)
    records = sl.parse_log(line)["records"]
    got = (records[0]["fields"], records[0]["template"], records[0]["ride"], records[0]["message"]) if records else None
    expected = (fields, template, fields.get("ride"), message)
    assert got == expected, f"parse_log({line!r}): fields, template, ride, message = {got}, expected {expected}"


@pytest.mark.parametrize("line, ok", [
    ("2026-09-14T08:30:00Z WARN x y", True), ("2026-09-14T08:30:00.1Z WARN x y", True),
    ("2026-09-14T08:30:00.123456Z WARN x y", True), ("2026-09-14T08:30:00.1234567Z WARN x y", False),
    ("2026-09-14T08:30:00.Z WARN x y", False), ("2026-09-14 08:30:00Z WARN x y", False),
    ("2026-02-30T08:30:00Z WARN x y", False), ("2026-09-14T24:00:00Z WARN x y", False),
    ("2026-09-14T08:30:00Z warn x y", False), ("2026-09-14T08:30:00Z WARNING x y", False),
    ("2026-09-14T08:30:00Z WARN 1x y", False), ("2026-09-14T08:30:00Z WARN a.b-c_d y", True),
    ("2026-09-14T08:30:00Z   WARN   x   y  ", True), (" 2026-09-14T08:30:00Z WARN x y", False),
    ("2026-09-14T08:30:00Z WARN x ", False), ("2026-09-14T08:30:00Z\tWARN x y", False),
])
def test_what_a_plain_line_is(line, ok):
    parsed = sl.parse_log(line)
    got = (len(parsed["records"]), [q["kind"] for q in parsed["quarantine"]])
    expected = (1, []) if ok else (0, ["unparsable"])
    assert got == expected, f"parse_log({line!r}): (records, quarantine kinds) = {got}, expected {expected}"


@pytest.mark.parametrize("obj, level, ride", [
    ({"ts": "2026-09-14T08:30:00Z", "level": "ERROR", "component": "p", "msg": "m"}, "ERROR", None),
    ({"ts": "2026-09-14T08:30:00Z", "level": "Warning", "component": "p", "msg": "m", "ride": "r-9"}, "WARN", "r-9"),
    ({"ts": "2026-09-14T08:30:00Z", "level": "debug", "component": "p", "msg": "", "ride": 12}, "DEBUG", "12"),
    ({"ts": "2026-09-14T08:30:00Z", "level": "info", "component": "p", "msg": "m", "ride": True}, "INFO", None),
    ({"ts": "2026-09-14T08:30:00Z", "level": "info", "component": "p", "msg": "m", "ride": 12.0}, "INFO", None),
    ({"ts": "2026-09-14T08:30:00Z", "level": "info", "component": "p", "msg": "m", "ride": None}, "INFO", None),
    ({"ts": "2026-09-14T04:30:00-04:00", "level": "INFO", "component": "p", "msg": "m", "ride": [1]}, "INFO", None),
])
def test_json_records(obj, level, ride):
    line = json.dumps(obj)
    records = sl.parse_log(line)["records"]
    got = (records[0]["level"], records[0]["ride"], records[0]["ts"], records[0]["format"]) if records else None
    expected = (level, ride, datetime(2026, 9, 14, 8, 30, tzinfo=UTC), "json")
    assert got == expected, f"parse_log({line!r}): level, ride, ts, format = {got}, expected {expected}"


@pytest.mark.parametrize("kind", KINDS[:3] + KINDS[4:])
def test_every_malformed_line_of_each_kind(kind):
    good = json_line(T0, "error", "payments", "failed", ride=7)
    lines = []
    for text in gen.GARBAGE[kind]:
        lines += [good, text]
    parsed = sl.parse_log(join(lines))
    got = [(q["line"], q["kind"], q["text"]) for q in parsed["quarantine"]]
    expected = [(2 * i + 2, kind, text) for i, text in enumerate(gen.GARBAGE[kind])]
    assert got == expected, f"each {kind} line after an ERROR: quarantine {got}, expected {expected}"
    assert [r["line"] for r in parsed["records"]] == list(range(1, len(lines), 2)), f"records at {[r['line'] for r in parsed['records']]}"


def test_tracebacks_and_whom_they_belong_to():
    tb = gen.traceback("app.errors.NoDriverError: none near", frames=1)
    error = plain(T0, "ERROR", "matching", "no match ride=8")
    cases = [
        ([error, *tb], [(1, 1 + len(tb))], []),
        ([json_line(T0, "error", "matching", "no match"), *tb], [(1, 1 + len(tb))], []),
        ([plain(T0, "WARN", "matching", "slow"), *tb], [(1, 1)], ["orphan_traceback"] * len(tb)),
        ([*tb, error], [(1 + len(tb), 1)], ["orphan_traceback"] * len(tb)),
        ([error, "", *tb], [(1, 1)], ["blank"] + ["orphan_traceback"] * len(tb)),
        ([error, *tb, *tb], [(1, 1 + len(tb))], ["orphan_traceback"] * len(tb)),
        ([error, tb[0]], [(1, 2)], []),  # cut short at the end of the log: still its own
        ([error, *tb[:-1], error], [(1, len(tb)), (len(tb) + 1, 1)], []),  # no exception line
        ([error, tb[0], "Oops: not an exception line", error], [(1, 2), (4, 1)], ["unparsable"]),
        ([error, *tb[:-1], "KeyboardInterrupt", "  stray"], [(1, len(tb) + 1)], ["unparsable"]),
        ([error, tb[0] + " "], [(1, 1)], ["unparsable"]),
        # one indented line (an odd count) and then a line that is not part of the traceback
        ([error, tb[0], tb[1], "Oops: not an exception line", error], [(1, 3), (5, 1)], ["unparsable"]),
        ([error, tb[0], tb[2], "", error], [(1, 3), (5, 1)], ["blank"]),
    ]
    for lines, records, kinds in cases:
        parsed = sl.parse_log(join(lines))
        got = ([(r["line"], r["lines"]) for r in parsed["records"]], [q["kind"] for q in parsed["quarantine"]])
        assert got == (records, kinds), f"parse_log of {lines}: (line, lines) of records and quarantine kinds = {got}, expected {(records, kinds)}"
    record = sl.parse_log(join([error, *tb]))["records"][0]
    assert record["traceback"] == "\n".join(tb), f"the traceback attached is {record['traceback']!r}"


@given(st.sampled_from([0, 1, 29, 30, 59]), st.integers(0, 999))
@example(59, 999)
@example(0, 0)
@example(30, 0)
@settings(max_examples=30, deadline=None)
def test_the_minute_is_truncated_never_rounded(second, ms):
    at = T0 + timedelta(minutes=3, seconds=second, milliseconds=ms)
    lines = [plain(at, "DEBUG", "dispatch", "tick"), plain(T0 + timedelta(minutes=4), "DEBUG", "dispatch", "tick")]
    got = sl.reduce_log(join(lines), 1.0, BIG)["summaries"]
    expected = [{"minute": "2026-09-14T08:33Z", "component": "dispatch", "template": "tick", "count": 1},
                {"minute": "2026-09-14T08:34Z", "component": "dispatch", "template": "tick", "count": 1}]
    assert got == expected, f"ticks at {at.time()} and 08:34:00: summaries {got}, expected {expected}"


def test_summaries_group_by_component_and_template_and_sort():
    lines = [plain(T0 + timedelta(hours=1), "INFO", "b", "x=1"), plain(T0, "DEBUG", "b", "x=2"),
             plain(T0, "INFO", "a", "x=3"), json_line(T0, "info", "a", "x=*"), plain(T0 + timedelta(days=1), "INFO", "a", "y")]
    got = sl.reduce_log(join(lines), 1.0, BIG)["summaries"]
    expected = [{"minute": "2026-09-14T08:30Z", "component": "a", "template": "x=*", "count": 2},
                {"minute": "2026-09-14T08:30Z", "component": "b", "template": "x=*", "count": 1},
                {"minute": "2026-09-14T09:30Z", "component": "b", "template": "x=*", "count": 1},
                {"minute": "2026-09-15T08:30Z", "component": "a", "template": "y", "count": 1}]
    assert got == expected, f"summaries {got}, expected {expected}"


def test_sizes_are_utf8_bytes_and_the_last_line_counts_its_newline():
    lines = [plain(T0, "WARN", "matching", "café ☕ ride=ü"), "\u00e9\u00e9 garbage \U0001f697", plain(T0, "DEBUG", "m", "ñ")]
    for final in (True, False):
        out = sl.reduce_log(join(lines, final), 1.0, BIG)
        r = out["report"]
        summary = {"minute": "2026-09-14T08:30Z", "component": "m", "template": "ñ", "count": 1}
        expected = (sum(map(size, lines)), size(lines[0]) + summary_size(summary), size(lines[1]))
        got = (r["bytes_in"], r["bytes_kept"], r["bytes_quarantined"])
        assert got == expected, f"bytes_in, bytes_kept, bytes_quarantined = {got}, expected {expected} (final newline: {final})"
        assert r["bytes_saved"] == r["bytes_in"] - r["bytes_kept"] - r["bytes_quarantined"], f"bytes_saved in {r}"


def test_only_newline_splits():
    odd = ["odd\u2028a", "b\x0cc", "d\x1ce", "f\x85g", "h\ri"]
    lines = [plain(T0, "WARN", "dispatch", f"note {t}") for t in odd] + [f"#{t}" for t in odd]
    r = sl.reduce_log(join(lines), 1.0, BIG)["report"]
    assert (r["lines_in"], r["records"], r["malformed_by_kind"]["unparsable"]) == (10, 5, 5), f"the report {r}"
    r = sl.reduce_log("", 1.0, 0)["report"]
    assert (r["lines_in"], r["bytes_in"], r["within_budget"]) == (0, 0, True), f"an empty log: {r}"
    r = sl.reduce_log("\n\n", 1.0, 0)["report"]
    assert (r["lines_in"], r["malformed_by_kind"]["blank"]) == (2, 2), f"two blank lines: {r}"


def test_the_budget_at_the_exact_byte():
    rides = [str(n) for n in range(12)]
    lines = [plain(T0, "INFO", "dispatch", f"assigned ride={ride}") for ride in rides]
    order = sorted(rides, key=fraction)
    for budget_rides in range(len(rides) + 1):
        budget = sum(size(lines[int(r)]) for r in order[:budget_rides])
        out = sl.reduce_log(join(lines), 1.0, budget)
        expected_rate = fraction(order[budget_rides]) if budget_rides < len(rides) else 1.0
        expected_kept = [lines[int(r)] for r in sorted(order[:budget_rides], key=int)]
        r = out["report"]
        assert (r["effective_rate"], out["kept"], r["bytes_kept"]) == (expected_rate, expected_kept, budget), (
            f"budget {budget} bytes, exactly the {budget_rides} rides of lowest fraction: effective_rate "
            f"{r['effective_rate']}, kept {out['kept']}, expected {expected_rate} and {expected_kept}")
        out = sl.reduce_log(join(lines), 1.0, budget + 1)
        assert out["kept"] == expected_kept, f"one byte more than {budget_rides} rides take must change nothing: kept {out['kept']}"


@pytest.mark.parametrize("call, message", [
    (lambda: sl.reduce_log(None, 0.5, 1), r"^text must be a str, got NoneType"),
    (lambda: sl.reduce_log(["a"], 0.5, 1), r"^text must be a str, got list"),
    (lambda: sl.parse_log(b"x"), r"^text must be a str, got bytes"),
    (lambda: sl.reduce_log(b"x", 7, -1), r"^text must be a str, got bytes"),
    (lambda: sl.reduce_log("x", 1.0000001, 1), r"^sample_rate must be a number from 0 to 1, got 1.0000001"),
    (lambda: sl.reduce_log("x", float("nan"), 1), r"^sample_rate must be a number from 0 to 1, got nan"),
    (lambda: sl.reduce_log("x", "0.5", 1), r"^sample_rate must be a number from 0 to 1, got '0.5'"),
    (lambda: sl.reduce_log("x", False, 1), r"^sample_rate must be a number from 0 to 1, got False"),
    (lambda: sl.reduce_log("x", 2, -1), r"^sample_rate must be a number from 0 to 1, got 2"),
    (lambda: sl.reduce_log("x", 0.5, True), r"^budget_bytes must be an int >= 0, got True"),
    (lambda: sl.reduce_log("x", 0.5, "100"), r"^budget_bytes must be an int >= 0, got '100'"),
    (lambda: sl.reduce_log("x", 0.5, -1), r"^budget_bytes must be an int >= 0, got -1"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_edge_rates_are_allowed():
    line = plain(T0, "INFO", "dispatch", "assigned ride=1")
    assert sl.reduce_log(line, 1, 0)["report"]["budget_bytes"] == 0, "rate 1 (an int) and budget 0 are allowed"
    assert sl.reduce_log(line, 1.0, BIG)["kept"] == [line], "rate 1.0 keeps every ride"
    assert sl.reduce_log(line, 0, BIG)["kept"] == [], "rate 0 keeps no ride"


# --- generated logs against what the generator built ---------------------------------------

RIDES = [str(n) for n in range(1, 25)] + ["r-7", "ü-1"]
NOISE = st.text(alphabet=st.characters(exclude_characters="\n", exclude_categories=("Cs",)) | st.sampled_from(
    ["\u2028", "\x0c", "\r", "\x1c", "\x85", "é", "🚗"]), max_size=20)


@st.composite
def entry(draw, at):
    """One record (with its traceback if any) or one broken line: (lines, what the test knows)."""
    choice = draw(st.sampled_from(["record"] * 6 + ["garbage", "noise", "cut_json", "cut_plain", "orphan"]))
    if choice == "record":
        level = draw(st.sampled_from(["DEBUG", "INFO", "INFO", "WARN", "ERROR"]))
        component = draw(st.sampled_from(gen.COMPONENTS))
        ride = draw(st.none() | st.sampled_from(RIDES))
        text = draw(st.sampled_from(["", " São Paulo", " 🚗", " x"]))
        if draw(st.booleans()):
            if ride is None:
                message, template = draw(st.sampled_from([(f"heartbeat{text} queue={draw(st.integers(0, 99))}", f"heartbeat{text} queue=*"),
                                                          (f"tick{text}", f"tick{text}")]))
            else:
                message, template = f"assigned{text} ride={ride} driver={draw(st.integers(1, 9))}", f"assigned{text} ride=* driver=*"
            lines = [plain(at, level, component, message)]
        else:
            template = f"step{text}"
            fields = {} if ride is None else {"ride": int(ride) if ride.isdigit() and draw(st.booleans()) else ride}
            offset = timezone(timedelta(minutes=draw(st.sampled_from([0, -420, 120, 330]))))
            obj = {"ts": at.astimezone(offset).isoformat(timespec="milliseconds"), "level": level.lower(),
                   "component": component, "msg": template, **fields}
            lines = [json.dumps(obj, ensure_ascii=False)]
        traceback = level == "ERROR" and draw(st.booleans())
        if traceback:
            lines += gen.traceback(draw(st.sampled_from(["KeyError: 'x'", "ZeroDivisionError: division by zero",
                                                         "pay.GatewayTimeout: no answer"])), draw(st.integers(0, 2)))
        return lines, {"record": True, "level": level, "component": component, "ride": ride, "template": template,
                       "minute": at.strftime("%Y-%m-%dT%H:%MZ"), "open_error": level == "ERROR" and not traceback}
    if choice == "garbage":
        kind = draw(st.sampled_from(sorted(gen.GARBAGE)))
        return [draw(st.sampled_from(gen.GARBAGE[kind]))], {"kind": kind}
    if choice == "noise":
        return ["#" + draw(NOISE)], {"kind": "unparsable"}
    if choice == "cut_json":
        whole = json_line(at, "info", "pricing", "quote", ride="3")
        return [whole[:draw(st.integers(1, len(whole) - 1))]], {"kind": "truncated_json"}
    if choice == "cut_plain":
        whole = plain(at, "INFO", "dispatch", "assigned ride=3")
        return [whole[:draw(st.integers(1, 30))]], {"kind": "unparsable"}
    return gen.traceback(frames=draw(st.integers(0, 2))), {"kind": "orphan_traceback"}


@st.composite
def generated_log(draw):
    entries, at = [], T0
    for _ in range(draw(st.integers(0, 20))):
        at += timedelta(milliseconds=draw(st.sampled_from([0, 1, 999, 20000, 60000 - 1, 61000])))
        lines, facts = draw(entry(at))
        if facts.get("kind") == "orphan_traceback" and entries and entries[-1][1].get("open_error"):
            continue  # right after an ERROR without one, a traceback is that ERROR's, not an orphan
        entries.append((lines, facts))
    return entries


def oracle(entries, rate):
    """What reduce_log must answer at `rate` with an unlimited budget, from the construction."""
    lines, kept, quarantine, groups = [], [], [], {}
    counts = {"records": 0, "parsed": 0, "sampled_out": 0, "aggregated": 0}
    by_kind = dict.fromkeys(KINDS, 0)
    for entry_lines, facts in entries:
        first = len(lines) + 1
        lines += entry_lines
        if not facts.get("record"):
            by_kind[facts["kind"]] += len(entry_lines)
            quarantine += [(first + i, facts["kind"]) for i in range(len(entry_lines))]
            continue
        counts["records"] += 1
        counts["parsed"] += len(entry_lines)
        if facts["level"] in ("WARN", "ERROR") or (facts["ride"] is not None and fraction(facts["ride"]) < rate):
            kept += entry_lines
        elif facts["ride"] is not None:
            counts["sampled_out"] += len(entry_lines)
        else:
            counts["aggregated"] += len(entry_lines)
            key = (facts["minute"], facts["component"], facts["template"])
            groups[key] = groups.get(key, 0) + 1
    summaries = [{"minute": m, "component": c, "template": t, "count": n} for (m, c, t), n in sorted(groups.items())]
    return lines, kept, quarantine, summaries, counts, by_kind


@settings(max_examples=40, deadline=None)
@given(generated_log(), st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]), st.booleans())
def test_every_line_is_accounted_for_in_generated_logs(entries, rate, final_newline):
    lines, kept, quarantine, summaries, counts, by_kind = oracle(entries, rate)
    final_newline = final_newline or lines[-1:] == [""]  # else a last blank line is no line at all
    text = join(lines, final_newline)
    out = sl.reduce_log(text, rate, BIG)
    r = out["report"]
    where = f"reduce_log(<{len(lines)} generated lines>, {rate}, BIG) on {text[:300]!r}..."
    assert out["kept"] == kept, f"{where}: kept {out['kept']}, expected {kept}"
    got_q = [(q["line"], q["kind"]) for q in out["quarantine"]]
    assert got_q == quarantine, f"{where}: quarantine (line, kind) {got_q}, expected {quarantine}"
    assert [q["text"] for q in out["quarantine"]] == [lines[n - 1] for n, _ in quarantine], f"{where}: quarantine texts differ"
    assert out["summaries"] == summaries, f"{where}: summaries {out['summaries']}, expected {summaries}"
    expected = {"lines_in": len(lines), "bytes_in": sum(map(size, lines)), "records": counts["records"],
                "parsed_lines": counts["parsed"], "malformed_lines": len(quarantine), "malformed_by_kind": by_kind,
                "kept_lines": len(kept), "sampled_out_lines": counts["sampled_out"],
                "aggregated_lines": counts["aggregated"], "quarantined_lines": len(quarantine),
                "summaries": len(summaries), "bytes_kept": sum(map(size, kept)) + sum(map(summary_size, summaries)),
                "bytes_quarantined": sum(size(lines[n - 1]) for n, _ in quarantine), "sample_rate": rate,
                "effective_rate": rate, "budget_bytes": BIG, "within_budget": True}
    expected["bytes_saved"] = expected["bytes_in"] - expected["bytes_kept"] - expected["bytes_quarantined"]
    wrong = {k: (r.get(k), v) for k, v in expected.items() if r.get(k) != v}
    assert not wrong, f"{where}: report values (got, expected): {wrong}"


@settings(max_examples=25, deadline=None)
@given(generated_log(), st.sampled_from([0.3, 0.7, 1.0]), st.integers(0, 3000))
def test_the_budget_drops_the_rides_of_highest_fraction_first(entries, rate, budget):
    lines, _, _, summaries, _, _ = oracle(entries, rate)
    rides = {}  # the lines of each sampled ride, and the lines always kept
    always = sum(map(summary_size, summaries))
    for entry_lines, facts in entries:
        if facts.get("record") and facts["level"] in ("WARN", "ERROR"):
            always += sum(map(size, entry_lines))
        elif facts.get("record") and facts["ride"] is not None:
            rides[facts["ride"]] = rides.get(facts["ride"], 0) + sum(map(size, entry_lines))
    # The model: a rate fits when what it keeps is within the budget; the answer is the largest.
    fits = lambda r: always + sum(b for ride, b in rides.items() if fraction(ride) < r) <= budget  # noqa: E731
    candidates = [rate] + [fraction(ride) for ride in rides if fraction(ride) < rate]
    fitting = [r for r in candidates if fits(r)]
    effective = max(fitting) if fitting else 0.0
    out = sl.reduce_log(join(lines), rate, budget)
    r = out["report"]
    expected_kept = always + sum(b for ride, b in rides.items() if fraction(ride) < effective)
    got = (r["effective_rate"], r["bytes_kept"], r["within_budget"])
    expected = (effective, expected_kept, expected_kept <= budget)
    assert got == expected, (f"reduce_log(<{len(lines)} lines>, {rate}, {budget}): effective_rate, bytes_kept, "
                             f"within_budget = {got}, expected {expected}")


def test_a_large_log_keeps_the_rate_of_its_rides_and_each_ride_whole():
    text, rides = gen.big_log()
    records = sl.parse_log(text)["records"]
    assert len(records) == text.count("\n"), f"the fixed log has {text.count(chr(10))} good lines, parse_log found {len(records)} records"
    for rate in (0.1, 0.25):
        out = sl.reduce_log(text, rate, BIG)
        kept = set(out["kept"])
        expected = {ride for ride in rides if fraction(ride) < rate}
        share = len(expected) / len(rides)
        assert abs(share - rate) < 0.03, f"the fixed log's rides with fraction < {rate}: {share:.3f} (the hash is not uniform?)"
        got = set()
        for line in text.splitlines():
            record = line if line.startswith("{") else None
            ride = json.loads(record)["ride"] if record else line.split("ride=")[1].split(" ")[0] if "ride=" in line else None
            if ride is None or " WARN " in line:
                continue
            if line in kept:
                got.add(ride)
            elif ride in expected:
                pytest.fail(f"at rate {rate} ride {ride} (fraction {fraction(ride):.4f}) lost its line {line!r}")
        assert got == expected, (f"at rate {rate}: {len(got)} of {len(rides)} rides kept, expected the {len(expected)} "
                                 f"with ride_fraction < {rate}; extra {sorted(got - expected)[:5]}, missing {sorted(expected - got)[:5]}")
    assert sl.reduce_log(text, rate, BIG) == out, f"at rate {rate} two runs on the same log differ"
