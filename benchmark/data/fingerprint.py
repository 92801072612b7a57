"""Dataset identity: the sha256 of the canonical JSONL bytes, recorded in every result."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from benchmark.documents import Document, canonical_json


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    split: str
    sha256: str
    n_docs: int
    n_gold: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def fingerprint(docs: Sequence[Document]) -> str:
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(canonical_json(doc).encode("utf-8") + b"\n")
    return digest.hexdigest()


def dataset_info(docs: Sequence[Document], name: str, split: str) -> DatasetInfo:
    return DatasetInfo(
        name=name,
        split=split,
        sha256=fingerprint(docs),
        n_docs=len(docs),
        n_gold=sum(len(doc.attributions) for doc in docs),
    )
