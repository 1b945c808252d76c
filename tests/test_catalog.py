"""The catalog and the files agree both ways, and every entry is well formed."""
from __future__ import annotations

import ast

import pytest

from graders import catalog, mutants, paths
from tests.conftest import KATAS, ROOT


def stub_ids() -> set[str]:
    found = set()
    for stub in (ROOT / "exercises").glob("*/*.py"):
        if not stub.name.startswith("test_") and stub.name not in ("__init__.py", "conftest.py"):
            found.add(f"{stub.parent.name}.{stub.stem}")
    return found


def test_every_stub_is_in_the_catalog_and_every_entry_has_a_stub():
    assert stub_ids() == set(KATAS), (
        f"stubs without a catalog entry: {sorted(stub_ids() - set(KATAS))}; "
        f"catalog entries without a stub: {sorted(set(KATAS) - stub_ids())}"
    )


def test_ids_are_unique():
    assert len(KATAS) == len(set(KATAS)), "a kata id appears twice in graders/catalog.toml"


@pytest.mark.parametrize("kata_id", KATAS)
def test_kata_has_all_its_mirrors(kata_id):
    missing = [
        str(p.relative_to(ROOT))
        for p in (paths.stub(ROOT, kata_id), paths.visible_tests(ROOT, kata_id),
                  paths.hidden_tests(ROOT, kata_id), paths.solution(ROOT, kata_id))
        if not p.is_file()
    ]
    assert not missing, f"{kata_id} is missing {missing}"
    assert len(paths.mutants(ROOT, kata_id)) >= 2, f"{kata_id} needs at least 2 mutants in tests/mutants/"
    solution = paths.solution(ROOT, kata_id).read_text(encoding="utf-8")
    for mutant_file in paths.mutants(ROOT, kata_id):
        mutant = mutants.apply(solution, mutants.edits(mutant_file), mutant_file.name)
        assert mutant != solution, f"{mutant_file.name} changes nothing"
        compile(mutant, mutant_file.name, "exec")


@pytest.mark.parametrize("kata_id", KATAS)
def test_entry_is_well_formed(kata_id):
    k = catalog.get(kata_id)
    assert k.set in catalog.SETS, f"{kata_id}: unknown set {k.set!r}"
    assert k.topics and set(k.topics) <= set(catalog.TOPICS), f"{kata_id}: topics outside the vocabulary: {set(k.topics) - set(catalog.TOPICS)}"
    assert 1 <= k.difficulty <= 3 and k.points > 0, f"{kata_id}: difficulty 1-3 and positive points"
    assert 2 <= len(k.hints) <= 3 and all(h.strip() for h in k.hints), f"{kata_id}: 2-3 non-empty hints"
    assert set(k.markers) <= set(catalog.MARKERS), f"{kata_id}: unknown markers {set(k.markers) - set(catalog.MARKERS)}"
    assert 0 < len(k.title) <= 34, f"{kata_id}: a title of 1-34 characters"


@pytest.mark.parametrize("kata_id", KATAS)
def test_markers_match_the_tests(kata_id):
    k = catalog.get(kata_id)
    text = paths.visible_tests(ROOT, kata_id).read_text() + paths.hidden_tests(ROOT, kata_id).read_text()
    for marker in ("perf", "memory", "gpu"):
        in_tests = f"mark.{marker}" in text
        assert in_tests == (marker in k.markers), (
            f"{kata_id}: the catalog says markers={list(k.markers)} but the tests "
            f"{'use' if in_tests else 'do not use'} @pytest.mark.{marker}"
        )


@pytest.mark.parametrize("kata_id", KATAS)
def test_stub_states_the_kata_and_raises_not_implemented(kata_id):
    source = paths.stub(ROOT, kata_id).read_text()
    doc = ast.get_docstring(ast.parse(source)) or ""
    assert len(doc) > 200, f"{kata_id}: the stub's module docstring is the statement; it is too short"
    assert f"test_{kata_id.split('.')[1]}.py" in doc, f"{kata_id}: the statement should name the command that runs its tests"
    assert "raise NotImplementedError" in source and "TODO" in source, f"{kata_id}: a stub has TODOs and raises NotImplementedError"


@pytest.mark.parametrize("kata_id", KATAS)
def test_stub_and_solution_share_the_public_api(kata_id):
    def public(path):
        tree = ast.parse(path.read_text())
        return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")}

    stub, solution = public(paths.stub(ROOT, kata_id)), public(paths.solution(ROOT, kata_id))
    assert stub <= solution, f"{kata_id}: the solution lacks {sorted(stub - solution)} from the stub"


def test_test_files_never_import_implementations_directly():
    offenders = []
    for test_file in [*ROOT.glob("exercises/*/test_*.py"), *ROOT.glob("graders/hidden/*/test_*.py")]:
        tree = ast.parse(test_file.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("exercises", "solutions") for n in names):
                offenders.append(str(test_file.relative_to(ROOT)))
    assert not offenders, f"tests must ask `graders.kata(...)` for their module: {offenders}"


def test_readme_table_lists_every_kata():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## The katas", 1)[1].split("\n## ", 1)[0]  # not the feedback-time table
    missing = [k for k in KATAS if f"| {k} | {catalog.get(k).title}" not in table]
    assert not missing, f"README.md's kata table lacks {missing}"


def test_a_mutant_whose_lines_moved_fails_loudly():
    solution = "def f(x):\n    return x + 1\n"
    edits = [("    return x + 1\n", "    return x + 2\n")]
    assert mutants.apply(solution, edits) == "def f(x):\n    return x + 2\n"
    with pytest.raises(mutants.MutantError, match="re-derive the mutant"):
        mutants.apply(solution.replace("x + 1", "x + 3"), edits)
    with pytest.raises(mutants.MutantError, match="2 copies"):
        mutants.apply(solution * 2, edits)
