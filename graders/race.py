"""`kata race`: several people's solutions to the perf katas, side by side on one machine.

Correctness first: a contestant whose kata fails any functional test ranks below every
correct one. Speed second: each perf test measures the contestant against its own
baseline in the same process (a same-run ratio), and the race runs every contestant and
the reference solution in turn, round after round (A B C ref, B C ref A, ...), so a burst
of load hits everyone alike. A contestant's speed is the median over rounds of its ratio,
reported relative to the reference measured in the same race, with an interval over the
rounds: contestants whose intervals overlap are tied, and share a rank. A race adds rounds
(up to --max-rounds) while overlapping neighbours might still separate, and warns when the
reference's own rounds spread too wide to rank anyone.
"""
from __future__ import annotations

import csv
import io
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalog
from graders.grading.grade import grade_submission
from graders.grading.sandbox import Limits
from graders.meters.timing import ALL_ROUNDS_ENV
from graders.plugin import reason

REFERENCE = "reference"


@dataclass
class Entry:
    name: str
    folder: Path
    correct: bool = False
    passed: int = 0
    tests: int = 0
    problem: str = ""
    speedups: list[float] = field(default_factory=list)  # one per round: geometric mean over perf tests
    lost_rounds: list[str] = field(default_factory=list)  # rounds that measured nothing, and why
    relative: float | None = None  # speedup / the reference's speedup in this race

    @property
    def speedup(self) -> float | None:
        return statistics.median(self.speedups) if self.speedups else None


def _geometric_mean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else 0.0


# Speed differences smaller than this are never called: two runs of the same code on a
# shared machine differ by a few percent.
RESOLUTION = 0.05
# A contestant's own rounds spreading wider than this (high / low of its interval) make a
# ranking a guess: the race says so.
TOO_NOISY = 1.5


def interval(values: list[float]) -> tuple[float, float]:
    """A distribution-free interval for the median of the rounds: min..max up to 6 rounds
    (75% for 3 rounds, 94% for 5), the second smallest..second largest from 7 on."""
    ordered = sorted(values)
    k = 1 if len(ordered) >= 7 else 0
    return ordered[k], ordered[-1 - k]


def tied(a: Entry, b: Entry) -> bool:
    """Two correct contestants the race cannot tell apart: their intervals overlap, or their
    medians are within RESOLUTION of each other."""
    if not (a.correct and b.correct and a.speedups and b.speedups):
        return False
    (a_low, a_high), (b_low, b_high) = interval(a.speedups), interval(b.speedups)
    close = max(a.speedup, b.speedup) / min(a.speedup, b.speedup) <= 1 + RESOLUTION
    return close or (a_low <= b_high and b_low <= a_high)


def _round(entries: list[Entry], kata_id: str, root: Path, limits: Limits, round_no: int) -> None:
    shift = round_no % len(entries)
    for entry in entries[shift:] + entries[:shift]:  # rotate who goes first
        for _ in range(2):  # a round a burst of load cost (a timed-out test) is run again, once
            g = grade_submission(entry.folder, root=root, kata_ids=[kata_id], limits=limits,
                                 pytest_args=("-m", "perf"), env={ALL_ROUNDS_ENV: "1"})  # every round's ratio
            k = g.katas[kata_id]
            ratios = [t.ratio for t in k.tests if t.ratio]
            if ratios:
                entry.speedups.append(_geometric_mean(ratios))
                break
        else:
            failed = next((t for t in k.tests if not t.ratio), None)
            why = k.reason or (reason(failed.message) if failed and failed.message else "no timing was recorded")
            entry.lost_rounds.append(f"round {round_no + 1}: {why}")


def _rank_key(e: Entry):
    return (not e.correct, -(e.speedup or 0.0), -e.passed, e.name)


def _undecided(entries: list[Entry]) -> bool:
    """Some neighbours in the ranking overlap without being within RESOLUTION: more rounds may
    separate them."""
    ranked = sorted(entries, key=_rank_key)
    return any(tied(a, b) and max(a.speedup, b.speedup) / min(a.speedup, b.speedup) > 1 + RESOLUTION
               for a, b in zip(ranked, ranked[1:]))


def race_kata(kata_id: str, contestants: dict[str, Path], root: Path, rounds: int, limits: Limits,
              max_rounds: int | None = None) -> tuple[list[Entry], list[str]]:
    """(the entries ranked, warnings). `rounds` rounds always; then more, up to `max_rounds`,
    while neighbours in the ranking are tied only because their intervals overlap."""
    entries = [Entry(name, folder) for name, folder in contestants.items()]
    for entry in entries:  # correctness: every test that is not a timing
        g = grade_submission(entry.folder, root=root, kata_ids=[kata_id], limits=limits, pytest_args=("-m", "not perf"))
        k = g.katas[kata_id]
        entry.passed, entry.tests = k.passed, len(k.tests)
        entry.correct = bool(k.tests) and k.passed == len(k.tests)
        failed = [t for t in k.tests if not t.passed]
        entry.problem = k.reason or (f"{reason(failed[0].message)} (in {failed[0].nodeid.split('::')[-1]})"
                                     if failed else "")
    racing = [e for e in entries if e.correct]  # a wrong answer ranks last whatever its speed
    done = 0
    while racing and (done < rounds or (done < (max_rounds or rounds) and _undecided(racing))):
        _round(racing, kata_id, root, limits, done)
        done += 1
    ranked = sorted(entries, key=_rank_key)
    reference = next((e for e in entries if e.name == REFERENCE), None)
    for e in ranked:
        e.relative = (e.speedup / reference.speedup) if (e.speedup and reference and reference.speedup) else None
    return ranked, warnings_for(kata_id, racing, done)


def warnings_for(kata_id: str, racing: list[Entry], rounds: int) -> list[str]:
    """What a leaderboard must say about itself: a machine too noisy to rank, too few rounds."""
    warnings = []
    spreads = [(interval(e.speedups), e.name) for e in racing if len(e.speedups) >= 2]
    if spreads:
        (low, high), name = max(spreads, key=lambda item: item[0][1] / item[0][0])
        if high / low > TOO_NOISY:
            warnings.append(f"{kata_id}: the machine was too noisy to rank: {name}'s own speed-up varied "
                            f"from {low:.1f}x to {high:.1f}x across rounds; close other programs and race again "
                            "(more --rounds narrow the intervals)")
    if rounds < 3 and racing:
        warnings.append(f"{kata_id}: {rounds} round(s): too few for an interval; use --rounds 3 or more")
    warnings += [f"{kata_id}: {e.name} lost {lost}" for e in racing for lost in e.lost_rounds]
    return warnings


def run(contestants: dict[str, Path], root: Path, kata_ids: list[str], rounds: int, limits: Limits,
        max_rounds: int | None = None) -> dict:
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    results, warnings = {}, []
    for kata_id in kata_ids:
        ranked, said = race_kata(kata_id, contestants, root, rounds, limits, max_rounds)
        warnings += said
        rows, rank = [], 0
        for i, e in enumerate(ranked):
            ties = [o.name for o in ranked if o is not e and tied(e, o)]
            rank = rank if i and tied(e, ranked[i - 1]) else i + 1  # tied neighbours share a rank
            low_high = interval(e.speedups) if e.speedups else None
            rows.append({
                "rank": rank, "name": e.name, "correct": e.correct, "tests_passed": e.passed, "tests": e.tests,
                "speedup_vs_baseline": round(e.speedup, 3) if e.speedup else None,
                "interval": [round(v, 3) for v in low_high] if low_high else None,
                "relative_to_reference": round(e.relative, 3) if e.relative else None,
                "tied_with": ties, "rounds": [round(s, 3) for s in e.speedups], "problem": e.problem})
        results[kata_id] = rows
    return {"started": started, "rounds": rounds, "katas": results, "warnings": warnings}


def perf_katas(requested: list[str] | None) -> list[str]:
    katas = [catalog.get(k) for k in requested] if requested else list(catalog.load())
    return [k.id for k in katas if "perf" in k.markers]


def to_csv(race: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kata", "rank", "name", "correct", "tests_passed", "tests", "speedup_vs_baseline",
                     "interval_low", "interval_high", "relative_to_reference", "tied_with"])
    for kata_id, rows in race["katas"].items():
        for r in rows:
            low, high = r["interval"] or (None, None)
            writer.writerow([kata_id, r["rank"], r["name"], r["correct"], r["tests_passed"], r["tests"],
                             r["speedup_vs_baseline"], low, high, r["relative_to_reference"], " ".join(r["tied_with"])])
    return out.getvalue()


def print_leaderboard(race: dict) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for kata_id, rows in race["katas"].items():
        table = Table(title=f"race: {kata_id} (rounds: {max(len(r['rounds']) for r in rows)})", box=box.SIMPLE_HEAD,
                      pad_edge=False, collapse_padding=True)
        for column in ("rank", "name", "correct", "speed-up", "interval", "vs ref"):
            table.add_column(column, no_wrap=True)
        table.add_column("note", overflow="fold", min_width=24)
        for r in rows:
            speed = f"{r['speedup_vs_baseline']:.1f}x" if r["speedup_vs_baseline"] else "-"
            spread = f"{r['interval'][0]:.1f}-{r['interval'][1]:.1f}x" if r["interval"] else "-"
            rel = f"{r['relative_to_reference']:.2f}" if r["relative_to_reference"] else "-"
            ok = "[green]yes[/]" if r["correct"] else f"[red]no {r['tests_passed']}/{r['tests']}[/]"
            note = f"tied with {', '.join(r['tied_with'])}" if r["tied_with"] else (r["problem"] or "")
            table.add_row(str(r["rank"]), r["name"], ok, speed, spread, rel, note[:160])
        console.print(table)
    for warning in race.get("warnings", []):
        console.print(f"[yellow]warning:[/] {warning}")


def write(race: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "race.json").write_text(json.dumps(race, indent=1), encoding="utf-8")
    (out / "race.csv").write_text(to_csv(race), encoding="utf-8")
