"""Mutants: plausible wrong solutions, each written as the edits that plant its one bug.

`tests/mutants/<set>/<kata>__<bug>.py` holds a docstring saying what the bug is and
`REPLACE = [(old, new), ...]`: text of `solutions/<set>/<kata>.py` and what it becomes.
Each `old` must occur exactly once in the solution, so a mutant follows the solution when
the rest of it changes, and fails loudly ("re-derive the mutant") when its own lines do.
The file is read with `ast.literal_eval`, never imported: it is data, not code to run.
"""
from __future__ import annotations

import ast
from pathlib import Path

from graders import paths


class MutantError(ValueError):
    """A mutant's edits do not apply to its solution."""


def kata_of(mutant: Path) -> str:
    """tests/mutants/formats/huffman__bad_tie.py -> 'formats.huffman'."""
    return f"{mutant.parent.name}.{mutant.stem.split('__')[0]}"


def edits(mutant: Path) -> list[tuple[str, str]]:
    """The mutant's REPLACE list."""
    tree = ast.parse(mutant.read_text(encoding="utf-8"), str(mutant))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["REPLACE"]:
            return [(str(old), str(new)) for old, new in ast.literal_eval(node.value)]
    raise MutantError(f"{mutant.name} has no REPLACE = [(old, new), ...] list")


def apply(source: str, replacements: list[tuple[str, str]], name: str = "mutant") -> str:
    """`source` with each `old` (which must occur exactly once) replaced by its `new`."""
    for old, new in replacements:
        found = source.count(old)
        if found != 1:
            first = old.strip().splitlines()[0] if old.strip() else repr(old)
            raise MutantError(f"{name}: the solution has {found} copies of the text starting {first!r}, "
                              "the mutant needs exactly one: re-derive the mutant")
        source = source.replace(old, new)
    return source


def materialize(root: Path, mutant: Path, folder: Path) -> Path:
    """Write the mutant as `folder/<set>/<kata>.py`, a folder shaped like exercises/."""
    kata_id = kata_of(mutant)
    set_, name = paths.split_id(kata_id)
    source = paths.solution(root, kata_id).read_text(encoding="utf-8")
    target = folder / set_ / f"{name}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(apply(source, edits(mutant), mutant.name), encoding="utf-8")
    return target
