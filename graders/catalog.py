"""The one list of katas: graders/catalog.toml, read into `Kata` records."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graders.paths import PACKAGE_DIR, split_id

import tomllib

CATALOG_FILE = PACKAGE_DIR / "catalog.toml"

SETS = ("sources", "formats", "layout", "models", "storage", "dataflow", "streaming", "breakout")

TOPICS = (
    "data-sources user-input privacy-consent "
    "formats row-vs-column text-vs-binary huffman bpe schema-evolution pickle-safety parquet-internals "
    "aos-soa gpu-coalescing "
    "relational normalization sql query-optimizer document-model graph-model "
    "oltp-olap acid etl-elt lakehouse "
    "dataflow-database dataflow-services dataflow-realtime "
    "batch-vs-stream stream-windows streaming-median "
    "feature-freshness pandas-memory vector-search ai-data-discovery"
).split()

MARKERS = ("perf", "memory", "gpu")


class UnknownKata(KeyError):
    def __str__(self) -> str:
        return f"unknown kata {self.args[0]!r} (see `kata list`)"


@dataclass(frozen=True)
class Kata:
    id: str
    title: str
    topics: tuple[str, ...]
    difficulty: int
    points: int
    hints: tuple[str, ...]
    markers: tuple[str, ...] = ()
    network: str = "none"  # "loopback": its worker may reach servers the tests start on 127.0.0.1

    @property
    def set(self) -> str:
        return split_id(self.id)[0]

    @property
    def name(self) -> str:
        return split_id(self.id)[1]


@lru_cache(maxsize=1)
def load() -> tuple[Kata, ...]:
    with CATALOG_FILE.open("rb") as f:
        raw = tomllib.load(f)
    katas = []
    for entry in raw.get("kata", []):
        katas.append(
            Kata(
                id=entry["id"],
                title=entry["title"],
                topics=tuple(entry["topics"]),
                difficulty=int(entry["difficulty"]),
                points=int(entry["points"]),
                hints=tuple(entry["hints"]),
                markers=tuple(entry.get("markers", ())),
                network=entry.get("network", "none"),
            )
        )
    return tuple(katas)


def by_id() -> dict[str, Kata]:
    return {k.id: k for k in load()}


def get(kata_id: str) -> Kata:
    try:
        return by_id()[kata_id]
    except KeyError:
        raise UnknownKata(kata_id) from None
