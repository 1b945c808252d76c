"""Mutants: plausible wrong solutions, kept as unified diffs against the reference solution.

A diff shows exactly the one bug a mutant plants and follows the solution when the rest of
it changes; a diff whose context no longer matches fails loudly instead of quietly testing
an outdated copy. `tests/mutants/<set>/<kata>__<bug>.diff` is applied to
`solutions/<set>/<kata>.py`.
"""
from __future__ import annotations

import re
from pathlib import Path

from graders import paths

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class MutantError(ValueError):
    """A mutant's diff does not apply to its solution."""


def kata_of(mutant: Path) -> str:
    """tests/mutants/formats/huffman__bad_tie.diff -> 'formats.huffman'."""
    return f"{mutant.parent.name}.{mutant.stem.split('__')[0]}"


def apply(source: str, diff: str, name: str = "mutant") -> str:
    """`source` with the unified `diff` applied; every context and removed line must match."""
    old = source.splitlines(keepends=True)
    out: list[str] = []
    at = 0  # lines of `old` consumed so far
    prev_tag = " "
    lines = diff.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        header = HUNK.match(lines[i])
        i += 1
        if not header:
            continue  # ---/+++ file names, or text before the first hunk
        start = int(header.group(1)) - (0 if header.group(2) == "0" else 1)
        if start < at:
            raise MutantError(f"{name}: hunks overlap or are out of order at line {start + 1}")
        out.extend(old[at:start])
        at = start
        while i < len(lines) and not HUNK.match(lines[i]):
            line = lines[i]
            i += 1
            tag, text = line[:1], line[1:]
            if tag == "\\":  # "\ No newline at end of file": the previous line has no newline
                out[-1] = out[-1].rstrip("\n") if prev_tag in "+ " else out[-1]
                continue
            prev_tag = tag
            if tag in " -":
                if at >= len(old) or old[at].rstrip("\n") != text.rstrip("\n"):
                    got = old[at].rstrip() if at < len(old) else "end of file"
                    raise MutantError(f"{name}: line {at + 1} of the solution is {got!r}, "
                                      f"the diff expects {text.rstrip()!r}: re-derive the mutant")
                if tag == " ":
                    out.append(old[at])
                at += 1
            elif tag == "+":
                out.append(text)
    out.extend(old[at:])
    return "".join(out)


def materialize(root: Path, mutant: Path, folder: Path) -> Path:
    """Write the mutant as `folder/<set>/<kata>.py`, a folder shaped like exercises/."""
    kata_id = kata_of(mutant)
    set_, name = paths.split_id(kata_id)
    source = paths.solution(root, kata_id).read_text(encoding="utf-8")
    target = folder / set_ / f"{name}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(apply(source, mutant.read_text(encoding="utf-8"), mutant.name), encoding="utf-8")
    return target
