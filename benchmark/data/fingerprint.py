"""Dataset identity: the sha256 of the canonical JSONL bytes, recorded in every result."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from benchmark.documents import Document, canonical_bytes


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    split: str
    sha256: str
    n_docs: int
    n_gold: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class Fingerprint:
    """The fingerprint and counts of documents seen one at a time (a streamed gold file)."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.n_docs = 0
        self.n_gold = 0

    def add(self, doc: Document) -> None:
        self._digest.update(canonical_bytes(doc) + b"\n")
        self.n_docs += 1
        self.n_gold += len(doc.attributions)

    def info(self, name: str, split: str) -> DatasetInfo:
        return DatasetInfo(name, split, self._digest.hexdigest(), self.n_docs, self.n_gold)


def fingerprint(docs: Iterable[Document]) -> str:
    seen = Fingerprint()
    for doc in docs:
        seen.add(doc)
    return seen.info("", "").sha256


def dataset_info(docs: Sequence[Document], name: str, split: str) -> DatasetInfo:
    seen = Fingerprint()
    for doc in docs:
        seen.add(doc)
    return seen.info(name, split)
