"""Small automatic mutants of a kata's solution, run against its visible and hidden tests.

    python -m tests.flipmut formats.huffman [--start 0] [--max 60] [--only-gaps]

Each mutant flips one comparison (< <= > >= == != and 'in'/'not in'), one boolean operator
(and/or), or one integer constant (n -> n+1, n -> n-1) in the solution, at one place. For each it
runs the visible tests and the hidden tests (in-process, -x) and prints:
  GAP      killed by the visible tests but NOT by the hidden ones  -> the hidden suite misses a rule
  SURVIVES neither kills it -> an equivalent mutant, or a rule no test checks (look at it!)
  ok       the hidden tests kill it
How a kata's hidden suite was checked to be at least as strong as its visible one (README).
"""
from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLIP = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "==",
        ast.In: "not in", ast.NotIn: "in", ast.Is: "is not", ast.IsNot: "is"}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
          ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}


def offsets(source: str) -> list[int]:
    starts, total = [], 0
    for line in source.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    return starts


def candidates(source: str) -> list[tuple[str, int, int, str]]:
    """(description, start, end, replacement) character spans of the source."""
    tree = ast.parse(source)
    starts = offsets(source)
    pos = lambda line, col: starts[line - 1] + col  # noqa: E731
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            left_end = pos(node.left.end_lineno, node.left.end_col_offset)
            for op, right in zip(node.ops, node.comparators):
                right_start = pos(right.lineno, right.col_offset)
                between = source[left_end:right_start]
                sym = SYMBOL[type(op)]
                i = between.find(sym)
                if i >= 0 and type(op) in FLIP:
                    out.append((f"line {node.lineno}: {sym} -> {FLIP[type(op)]}", left_end + i, left_end + i + len(sym),
                                FLIP[type(op)]))
                left_end = pos(right.end_lineno, right.end_col_offset)
        elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
            a, b = node.values
            a_end, b_start = pos(a.end_lineno, a.end_col_offset), pos(b.lineno, b.col_offset)
            sym = "and" if isinstance(node.op, ast.And) else "or"
            i = source[a_end:b_start].find(sym)
            if i >= 0:
                out.append((f"line {node.lineno}: {sym} -> {'or' if sym == 'and' else 'and'}", a_end + i,
                            a_end + i + len(sym), "or" if sym == "and" else "and"))
        elif isinstance(node, ast.Constant) and type(node.value) is int and node.lineno == node.end_lineno:
            s, e = pos(node.lineno, node.col_offset), pos(node.end_lineno, node.end_col_offset)
            text = source[s:e]
            if text.isdigit():
                for new in (node.value + 1, node.value - 1):
                    if new >= 0:
                        out.append((f"line {node.lineno}: {text} -> {new}", s, e, str(new)))
    return sorted(out, key=lambda c: c[1])


def killed(test_file: Path, impl: Path) -> bool:
    proc = subprocess.run([sys.executable, "-m", "pytest", str(test_file), "--impl", str(impl), "-x", "-q",
                           "-p", "no:cacheprovider", "--no-board", "--hypothesis-profile", "grading-no-shrink"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    return proc.returncode != 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kata")
    parser.add_argument("--max", type=int, default=60)
    parser.add_argument("--start", type=int, default=0, help="skip the first START candidates (given code first)")
    parser.add_argument("--only-gaps", action="store_true")
    opts = parser.parse_args()
    set_, name = opts.kata.split(".")
    solution = ROOT / "solutions" / set_ / f"{name}.py"
    source = solution.read_text()
    cands = candidates(source)[opts.start: opts.start + opts.max]
    visible = ROOT / "exercises" / set_ / f"test_{name}.py"
    hidden = ROOT / "graders" / "hidden" / set_ / f"test_{name}.py"
    top = Path(tempfile.mkdtemp(prefix="flipmut-"))
    counts = {"GAP": 0, "SURVIVES": 0, "ok": 0}
    try:
        for k, (what, s, e, new) in enumerate(cands):
            impl = top / f"m{k}"
            (impl / set_).mkdir(parents=True)
            mutated = source[:s] + new + source[e:]
            (impl / set_ / f"{name}.py").write_text(mutated)
            try:
                compile(mutated, str(solution), "exec")
            except SyntaxError:
                continue
            h = killed(hidden, impl)
            v = killed(visible, impl) if not h else True
            verdict = "ok" if h else ("GAP" if v else "SURVIVES")
            counts[verdict] += 1
            if verdict != "ok" or not opts.only_gaps:
                line = source[: s].count("\n")
                print(f"{verdict:8s} {what:28s} | {source.splitlines()[line].strip()[:90]}", flush=True)
            shutil.rmtree(impl)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print(f"{opts.kata}: {counts}")


if __name__ == "__main__":
    main()
