"""`kata race`: several people's solutions to the perf katas, side by side on one machine.

Correctness first: a contestant whose kata fails any functional test ranks below every
correct one. Speed second: each perf test measures the contestant against its own
baseline in the same process (a same-run ratio), and the race runs every contestant and
the reference solution in turn, round after round (A B C ref, B C ref A, ...), so a burst
of load hits everyone alike. A contestant's speed is the median over rounds of its ratio,
reported relative to the reference measured in the same race.
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
    relative: float | None = None  # speedup / the reference's speedup in this race

    @property
    def speedup(self) -> float | None:
        return statistics.median(self.speedups) if self.speedups else None


def _geometric_mean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else 0.0


def race_kata(kata_id: str, contestants: dict[str, Path], root: Path, rounds: int, limits: Limits) -> list[Entry]:
    entries = [Entry(name, folder) for name, folder in contestants.items()]
    for entry in entries:  # correctness: every test that is not a timing
        g = grade_submission(entry.folder, root=root, kata_ids=[kata_id], limits=limits, pytest_args=("-m", "not perf"))
        k = g.katas[kata_id]
        entry.passed, entry.tests = k.passed, len(k.tests)
        entry.correct = bool(k.tests) and k.passed == len(k.tests)
        failed = [t for t in k.tests if not t.passed]
        entry.problem = k.reason or (f"{failed[0].nodeid.split('::')[-1]}: {(failed[0].message or '').splitlines()[-1:]}"
                                     if failed else "")
    for round_no in range(rounds):
        shift = round_no % len(entries)
        for entry in entries[shift:] + entries[:shift]:  # rotate who goes first
            g = grade_submission(entry.folder, root=root, kata_ids=[kata_id], limits=limits, pytest_args=("-m", "perf"),
                                 env={ALL_ROUNDS_ENV: "1"})  # a ranking needs every round's ratio
            ratios = [t.ratio for t in g.katas[kata_id].tests if t.ratio]
            if ratios:
                entry.speedups.append(_geometric_mean(ratios))
    reference = next((e.speedup for e in entries if e.name == REFERENCE), None)

    def rank_key(e: Entry):
        return (not e.correct, -(e.speedup or 0.0), -e.passed, e.name)

    ranked = sorted(entries, key=rank_key)
    for e in ranked:
        e.relative = (e.speedup / reference) if (e.speedup and reference) else None
    return ranked


def run(contestants: dict[str, Path], root: Path, kata_ids: list[str], rounds: int, limits: Limits) -> dict:
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    results = {}
    for kata_id in kata_ids:
        ranked = race_kata(kata_id, contestants, root, rounds, limits)
        results[kata_id] = [
            {"rank": i + 1, "name": e.name, "correct": e.correct, "tests_passed": e.passed, "tests": e.tests,
             "speedup_vs_baseline": round(e.speedup, 3) if e.speedup else None,
             "relative_to_reference": round(e.relative, 3) if e.relative else None,
             "rounds": [round(s, 3) for s in e.speedups], "problem": e.problem}
            for i, e in enumerate(ranked)
        ]
    return {"started": started, "rounds": rounds, "katas": results}


def perf_katas(requested: list[str] | None) -> list[str]:
    katas = [catalog.get(k) for k in requested] if requested else list(catalog.load())
    return [k.id for k in katas if "perf" in k.markers]


def to_csv(race: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kata", "rank", "name", "correct", "tests_passed", "tests", "speedup_vs_baseline",
                     "relative_to_reference"])
    for kata_id, rows in race["katas"].items():
        for r in rows:
            writer.writerow([kata_id, r["rank"], r["name"], r["correct"], r["tests_passed"], r["tests"],
                             r["speedup_vs_baseline"], r["relative_to_reference"]])
    return out.getvalue()


def print_leaderboard(race: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for kata_id, rows in race["katas"].items():
        table = Table(title=f"race: {kata_id} ({race['rounds']} rounds)")
        for column in ("rank", "name", "correct", "x baseline", "vs reference", "note"):
            table.add_column(column, no_wrap=column != "note")
        for r in rows:
            speed = f"{r['speedup_vs_baseline']:.1f}x" if r["speedup_vs_baseline"] else "-"
            rel = f"{r['relative_to_reference']:.2f}" if r["relative_to_reference"] else "-"
            ok = "[green]yes[/]" if r["correct"] else f"[red]no ({r['tests_passed']}/{r['tests']})[/]"
            table.add_row(str(r["rank"]), r["name"], ok, speed, rel, (r["problem"] or "")[:80])
        console.print(table)


def write(race: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "race.json").write_text(json.dumps(race, indent=1), encoding="utf-8")
    (out / "race.csv").write_text(to_csv(race), encoding="utf-8")
