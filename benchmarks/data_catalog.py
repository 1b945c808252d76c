"""Quality of breakout.data_catalog: keyword search vs the reference vs each mutant.

    python benchmarks/data_catalog.py

For each implementation: recall@5 on the visible questions, the hidden questions, the
misspelled ones and the legacy schema (cryptic column names), each next to the keyword
baseline on the same questions, and the micro F1 of PII tagging on the visible warehouse
tables and the hidden messy tables. Then the cost of a search (DuckDB, 78 columns).
"""
from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graders import impl, mutants, paths  # noqa: E402
from graders.datagen import data_catalog as dg  # noqa: E402


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    impl.select("solutions", ROOT)
    hidden = load(ROOT / "graders" / "hidden" / "breakout" / "test_data_catalog.py", "hidden_data_catalog")
    entries, synonyms = dg.catalog_entries(), dg.synonyms()
    legacy_entries, legacy_questions = hidden.legacy_catalog()
    sets = [("visible", entries, dg.visible_questions()), ("hidden", entries, hidden.QUESTIONS),
            ("typos", entries, hidden.TYPOS), ("legacy", legacy_entries, legacy_questions)]
    impls = {"reference": ROOT / "solutions" / "breakout" / "data_catalog.py"}
    work = Path(tempfile.mkdtemp(prefix="data-catalog-mutants-"))
    for mutant in paths.mutants(ROOT, "breakout.data_catalog"):
        impls[mutant.stem.split("__")[1]] = mutants.materialize(ROOT, mutant, work / mutant.stem)

    head = f"{'implementation':<20}" + "".join(f"{name + ' (n=' + str(len(qs)) + ')':>18}" for name, _, qs in sets)
    print(head + f"{'F1 visible':>12}{'F1 hidden':>11}")
    print(f"{'keyword baseline':<20}" + "".join(
        f"{dg.recall_at_k([dg.keyword_search(es, q, 5) for q, _ in qs], qs):>18.3f}" for _, es, qs in sets))
    for name, path in impls.items():
        module = load(path, f"dc_{name}")
        cells = []
        for _, es, qs in sets:
            catalog = module.Catalog(es, synonyms)
            cells.append(f"{dg.recall_at_k([catalog.search(q, 5) for q, _ in qs], qs):>18.3f}")
        gold, got = [], []
        for i, spec in enumerate(dg.WAREHOUSE_PII_TABLES.values()):
            columns, rows, labels = dg.make_table(spec, n_rows=30, seed=i)
            gold, got = gold + labels, got + module.tag_pii(columns, rows)
        f1_visible = dg.pii_f1(gold, got)
        gold, got = [], []
        for i, spec in enumerate(hidden.HIDDEN_TABLES.values()):
            columns, rows, labels = dg.make_table(spec, n_rows=40, seed=100 + i, missing=0.15, style="messy")
            gold, got = gold + labels, got + module.tag_pii(columns, rows)
        print(f"{name:<20}" + "".join(cells) + f"{f1_visible:>12.3f}{dg.pii_f1(gold, got):>11.3f}")

    reference = load(impls["reference"], "dc_reference_timing")
    start = time.perf_counter()
    catalog = reference.Catalog(entries, synonyms)
    built = time.perf_counter() - start
    questions = [q for q, _ in hidden.QUESTIONS]
    start = time.perf_counter()
    for q in questions:
        catalog.search(q, 5)
    per_query = (time.perf_counter() - start) / len(questions)
    print(f"\nreference: catalog of {len(entries)} columns built in {built * 1000:.0f} ms, "
          f"{per_query * 1000:.1f} ms a search (embed + DuckDB array_cosine_distance over FLOAT[256])")


if __name__ == "__main__":
    main()
