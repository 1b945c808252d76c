"""Deterministic English-like corpora for formats.bpe (visible and hidden tests)."""
from __future__ import annotations

import random

# Words from the chapter's own vocabulary, so merges look like the deck's topics.
WORDS = (
    "data the of and a to in is for that formats row column major text binary json csv "
    "parquet avro protobuf pickle schema storage processing model models learning machine "
    "features feature training inference stream batch streaming database databases table "
    "tables query queries relational document graph engineering fundamentals pandas numpy "
    "dataframe memory compression encoding huffman token tokens byte bytes pair merge "
    "vocabulary corpus transactional analytical warehouse lake pipeline pipelines service "
    "services request real-time transport kafka kinesis latency throughput consistency "
    "normalization sql nosql key value access pattern patterns read write faster smaller"
).split()


def corpus(n_bytes: int, seed: int = 0) -> str:
    """About `n_bytes` of ASCII sentences of chapter words, Zipf-like frequencies."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    out: list[str] = []
    size = 0
    while size < n_bytes:
        words = rng.choices(WORDS, weights, k=rng.randint(5, 14))
        sentence = " ".join(words).capitalize() + rng.choice(". . . ? !".split()) + " "
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:n_bytes]
