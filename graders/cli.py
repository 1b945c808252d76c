"""`kata`: the command line for students (list, hint, check).

Every command works on the checkout you are in (the folder holding graders/catalog.toml).
Errors are one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from graders import catalog, paths
from graders.grading.reports import FORMATS as REPORT_FORMATS


class CliError(Exception):
    """A user mistake: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + error; one clear line is kinder
        raise CliError(f"{message} (see `{self.prog} --help`)")


def _pytest(args: list[str], root: Path, capture: bool = False) -> subprocess.CompletedProcess:
    # A child process: a kata that hangs, crashes or exits must not take the CLI with it.
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=root, text=True,
        capture_output=capture, check=False,
    )


def statuses(root: Path, impl: str, katas: list[catalog.Kata]) -> dict[str, dict]:
    """Run the visible tests of `katas` against `impl` and return each kata's result."""
    files = [str(paths.visible_tests(root, k.id)) for k in katas if paths.visible_tests(root, k.id).is_file()]
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="kata-list-") as tmp:
        report = Path(tmp) / "report.json"
        _pytest([*files, "--impl", impl, "-q", "--no-board", "-p", "no:cacheprovider",
                 "--kata-report", str(report)], root, capture=True)
        if not report.is_file():
            raise CliError(f"the tests did not run for --impl {impl} (try `pytest exercises/ --impl {impl}`)")
        return json.loads(report.read_text(encoding="utf-8"))["katas"]


def cmd_list(opts, root: Path) -> int:
    katas = list(catalog.load())
    impl_folder = _check_impl(opts.impl, root)
    print(f"running the visible tests of {len(katas)} katas against {impl_folder} ...", file=sys.stderr)
    results = statuses(root, opts.impl, katas)
    rows = []
    for k in katas:
        r = results.get(k.id)
        total = sum(r[key] for key in ("passed", "failed", "not_started", "broken", "skipped")) if r else 0
        rows.append({
            "id": k.id, "set": k.set, "title": k.title, "topics": list(k.topics),
            "difficulty": k.difficulty, "points": k.points, "markers": list(k.markers),
            "status": r["status"] if r else "no tests",
            "passed": r["passed"] if r else 0, "tests": total,
        })
    if opts.json:
        print(json.dumps(rows, indent=1))
        return 0
    from rich import box
    from rich.console import Console
    from rich.table import Table

    # Readable at 80 columns and in a pipe: katas under their set's name (so the kata column is
    # short), titles folded rather than cut, difficulty in stars as the README has it.
    table = Table(title=f"katas ({opts.impl})", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("kata", no_wrap=True)
    table.add_column("title", overflow="fold", min_width=12)
    table.add_column("level", no_wrap=True)
    table.add_column("pts", no_wrap=True, justify="right")
    table.add_column("status", no_wrap=True)
    colours = {"done": "green", "failing": "red", "broken": "red", "not started": "yellow"}
    current_set = None
    for row in rows:
        if row["set"] != current_set:
            current_set = row["set"]
            table.add_row(f"[bold]{current_set}[/]", end_section=False)
        colour = colours.get(row["status"], "cyan")
        table.add_row(f" {row['id'].split('.', 1)[1]}", row["title"], "★" * row["difficulty"], str(row["points"]),
                      f"[{colour}]{row['status']}[/] {row['passed']}/{row['tests']}")
    Console().print(table)
    return 0


def _hint_state_file(root: Path) -> Path:
    # KATA_STATE_DIR lets the self-tests keep their hint state out of the checkout.
    return Path(os.environ.get("KATA_STATE_DIR", root / ".kata")) / "hints.json"


def cmd_hint(opts, root: Path) -> int:
    kata = catalog.get(opts.id)
    state_file = _hint_state_file(root)
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {}
    if opts.reset:
        state.pop(kata.id, None)
        print(f"{kata.id}: hints reset; the next `kata hint {kata.id}` shows the first one again.")
    else:
        shown = min(state.get(kata.id, 0) + 1, len(kata.hints))
        for i in range(shown):
            print(f"hint {i + 1}/{len(kata.hints)} for {kata.id}: {kata.hints[i]}")
        if shown == len(kata.hints) and state.get(kata.id, 0) >= len(kata.hints):
            print(f"(that is every hint; the statement is in {paths.stub(root, kata.id).relative_to(root)})")
        state[kata.id] = shown
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=1), encoding="utf-8")
    return 0


def cmd_check(opts, root: Path) -> int:
    kata = catalog.get(opts.id)
    _check_impl(opts.impl, root)
    tests = paths.visible_tests(root, kata.id)
    if not tests.is_file():
        raise CliError(f"{kata.id} has no visible tests at {tests}")
    return _pytest([str(tests), "--impl", opts.impl, "-q", "--tb=short", "-p", "no:cacheprovider"], root).returncode


def _submission_names(folders: list[Path]) -> list[str]:
    names = [f.resolve().name for f in folders]
    if len(set(names)) == len(names):
        return names
    # alice/exercises and bob/exercises: name them by the folder that tells them apart
    return [f"{f.resolve().parent.name}-{f.resolve().name}" for f in folders]


def cmd_grade(opts, root: Path) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from graders.grading import reports
    from graders.grading.grade import grade_submission
    from graders.grading.sandbox import Limits

    folders = [Path(s) for s in opts.submissions]
    for folder in folders:
        if not folder.is_dir():
            raise CliError(f"{folder} is not a folder (a submission is shaped like exercises/)")
    kata_ids = [catalog.get(k).id for k in opts.katas] if opts.katas else None
    if opts.format == "gradescope" and len(folders) > 1 and not opts.out:
        raise CliError("--format gradescope writes one results.json per submission: give --out DIR")
    if opts.jobs < 1:
        raise CliError("--jobs takes a whole number of 1 or more")
    limits = Limits(wall_seconds=opts.wall, test_seconds=opts.test_timeout,
                    memory_bytes=int(opts.memory * 2**30))
    names = _submission_names(folders)

    def grade(i: int):
        g = grade_submission(folders[i], root=root, kata_ids=kata_ids, visible_only=opts.visible_only,
                             all_or_nothing=opts.all_or_nothing, limits=limits, isolate=not opts.in_process)
        g.name = names[i]
        return g

    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress, \
            ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        task = progress.add_task("grading", total=len(folders))
        futures = [pool.submit(grade, i) for i in range(len(folders))]
        grades = []
        for future in futures:
            grades.append(future.result())
            progress.advance(task)

    out = Path(opts.out) if opts.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    if opts.format == "table":
        reports.print_table(grades)
        if out:
            (out / "grades.json").write_text(reports.to_json(grades), encoding="utf-8")
    elif opts.format == "gradescope":
        for g in grades:
            text = reports.to_gradescope(g, opts.hidden_visibility)
            if out:
                target = out / (g.name if len(grades) > 1 else "") / "results.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            else:
                print(text)
    else:
        text = {"json": reports.to_json, "junit": reports.to_junit, "csv": reports.to_csv}[opts.format](grades)
        if out:
            name = {"json": "grades.json", "junit": "grades.xml", "csv": "gradebook.csv"}[opts.format]
            (out / name).write_text(text, encoding="utf-8")
        else:
            print(text)
    return 0


def cmd_race(opts, root: Path) -> int:
    from graders import race
    from graders.grading.sandbox import Limits

    folders = [Path(d) for d in opts.dirs]
    for folder in folders:
        if not folder.is_dir():
            raise CliError(f"{folder} is not a folder (a contestant is shaped like exercises/)")
    if opts.rounds < 1:
        raise CliError("--rounds takes a whole number of 1 or more")
    kata_ids = race.perf_katas(opts.katas)
    if not kata_ids:
        raise CliError("none of those katas has a perf test to race on (see `kata list`)")
    names = _submission_names(folders)
    if race.REFERENCE in names:
        raise CliError(f"'{race.REFERENCE}' is the reference solution's name in a race: rename that folder")
    contestants = dict(zip(names, folders))
    contestants[race.REFERENCE] = root / "solutions"
    max_rounds = opts.max_rounds if opts.max_rounds is not None else 3 * opts.rounds
    if max_rounds < opts.rounds:
        raise CliError("--max-rounds must be at least --rounds")
    result = race.run(contestants, root, kata_ids, opts.rounds, Limits(test_seconds=120, wall_seconds=1200),
                      max_rounds)
    race.print_leaderboard(result)
    race.write(result, Path(opts.out))
    print(f"race.json and race.csv written to {opts.out}")
    return 0


def cmd_watch(opts, root: Path) -> int:
    from watchfiles import PythonFilter, watch

    folder = _check_impl(opts.impl, root)
    only = catalog.get(opts.id).id if opts.id else None
    known = {k.id for k in catalog.load()}

    def check(kata_id: str) -> None:
        print(f"\n--- {kata_id} ---", flush=True)
        _pytest([str(paths.visible_tests(root, kata_id)), "--impl", opts.impl, "-q", "--tb=short",
                 "-p", "no:cacheprovider"], root)

    runs = 0
    if only:
        check(only)
        runs += 1
    print(f"watching {folder} (Ctrl-C to stop): saving a kata's file re-runs its visible tests", flush=True)
    try:
        for changes in watch(folder, watch_filter=PythonFilter(), raise_interrupt=False):
            changed = sorted({f"{Path(p).parent.name}.{Path(p).stem}" for _, p in changes})
            for kata_id in changed:
                if kata_id in known and (only is None or kata_id == only):
                    check(kata_id)
                    runs += 1
            if opts.max_runs and runs >= opts.max_runs:
                break
    except KeyboardInterrupt:
        pass
    return 0


def cmd_release(opts, root: Path) -> int:
    from graders.release import student_copy

    try:
        out = student_copy(root, Path(opts.out), warn=lambda message: print(f"note: {message}", file=sys.stderr))
    except FileExistsError as exc:
        raise CliError(str(exc)) from None
    print(f"student copy written to {out}: exercises, datasets and the harness; no solutions or hidden tests")
    return 0


def cmd_gradescope(opts, root: Path) -> int:
    from graders.release import gradescope_bundle

    if not opts.zip.endswith(".zip"):
        raise CliError(f"the bundle is a .zip file, not {opts.zip!r}")
    target = gradescope_bundle(root, Path(opts.zip))
    print(f"Gradescope autograder written to {target}: upload it as a zip autograder (Ubuntu base image)")
    return 0


def _check_impl(impl: str, root: Path) -> Path:
    from graders.impl import resolve

    try:
        return resolve(impl, root)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kata", description="dmls-katas: katas for Data Engineering Fundamentals")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="every kata with its status for an implementation")
    p.add_argument("--impl", default="exercises", help="exercises (default), solutions or a folder")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("hint", help="the next hint for a kata (remembered per checkout)")
    p.add_argument("id", help="a kata id such as formats.huffman")
    p.add_argument("--reset", action="store_true", help="start the hints of this kata again")
    p.set_defaults(run=cmd_hint)

    p = sub.add_parser("check", help="run one kata's visible tests")
    p.add_argument("id", help="a kata id such as formats.huffman")
    p.add_argument("--impl", default="exercises", help="exercises (default), solutions or a folder")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("grade", help="grade submissions with visible and hidden tests")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="folders shaped like exercises/")
    p.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    p.add_argument("--visible-only", action="store_true", help="skip the hidden tests")
    p.add_argument("--all-or-nothing", action="store_true", help="a kata scores only if every test passes")
    p.add_argument("--format", choices=REPORT_FORMATS, default="table")
    p.add_argument("--out", metavar="DIR", help="write the report files here")
    p.add_argument("--katas", nargs="+", metavar="ID", help="grade only these katas")
    p.add_argument("--hidden-visibility", default="after_published",
                   choices=("hidden", "after_due_date", "after_published", "visible"),
                   help="Gradescope visibility of hidden tests (default after_published)")
    p.add_argument("--test-timeout", type=float, default=60, metavar="S", help="seconds per test (default 60)")
    p.add_argument("--wall", type=float, default=1200, metavar="S", help="seconds per submission run (default 1200)")
    p.add_argument("--memory", type=float, default=4, metavar="GIB", help="address space per submission (default 4)")
    p.add_argument("--in-process", action="store_true",
                   help="run candidate code beside the checks, without a worker (faster, but a submission can "
                        "forge its grade: for debugging the tests only)")
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("watch", help="re-run a kata's visible tests each time its file is saved")
    p.add_argument("id", nargs="?", help="only this kata (default: whichever file you save)")
    p.add_argument("--impl", default="exercises", help="the folder to watch: exercises (default) or yours")
    p.add_argument("--max-runs", type=int, default=0, help=argparse.SUPPRESS)  # lets the self-tests stop it
    p.set_defaults(run=cmd_watch)

    p = sub.add_parser("race", help="rank several solutions to the perf katas: correct first, then fastest")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="folders shaped like exercises/")
    p.add_argument("--katas", nargs="+", metavar="ID", help="race only these katas (default: every perf kata)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of interleaved runs, at least (default 3)")
    p.add_argument("--max-rounds", type=int, metavar="N",
                   help="more rounds, up to N, while overlapping contestants may still separate (default 3x --rounds)")
    p.add_argument("--out", default="race-results", metavar="DIR", help="where race.json and race.csv go")
    p.set_defaults(run=cmd_race)

    p = sub.add_parser("release", help="write the student copy: no solutions, hidden tests or mutants")
    p.add_argument("out", metavar="OUT", help="an empty or new folder")
    p.set_defaults(run=cmd_release)

    p = sub.add_parser("gradescope", help="write a Gradescope autograder bundle")
    p.add_argument("zip", metavar="OUT.zip")
    p.set_defaults(run=cmd_gradescope)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        opts = build_parser().parse_args(argv)
        return opts.run(opts, paths.find_root())
    except (CliError, catalog.UnknownKata) as exc:
        print(f"kata: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
