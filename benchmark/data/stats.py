"""Descriptive statistics of a gold set: what `quotebench data stats` and the data cards print.

Speaker mention kinds follow the scorer's rule (benchmark/scoring/mentions.py), so a slice
in a score report and a count here mean the same thing.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from benchmark.documents import QUOTE_TYPES, Attribution, Document
from benchmark.scoring.mentions import MENTION_KINDS, mention_kind
from benchmark.scoring.tokens import span_text


@dataclass(frozen=True)
class DatasetStats:
    articles: int
    attributions: int
    by_type: dict[str, int]
    by_mention_kind: dict[str, int]
    quotes_per_article_mean: float
    quotes_per_article_median: float
    quotes_per_article_max: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def dataset_stats(docs: Sequence[Document]) -> DatasetStats:
    per_article = [len(doc.attributions) for doc in docs] or [0]
    types = Counter(att.type for doc in docs for att in doc.attributions)
    kinds = Counter(speaker_kind(doc, att) for doc in docs for att in doc.attributions)
    return DatasetStats(
        articles=len(docs),
        attributions=sum(per_article),
        by_type={t: types[t] for t in QUOTE_TYPES},
        by_mention_kind={k: kinds[k] for k in MENTION_KINDS},
        quotes_per_article_mean=round(statistics.fmean(per_article), 2),
        quotes_per_article_median=float(statistics.median(per_article)),
        quotes_per_article_max=max(per_article),
    )


def speaker_kind(doc: Document, att: Attribution) -> str:
    """name / nominal / pronoun / none of the attribution's speaker mention."""
    return mention_kind(span_text(doc.text, att.speaker) if att.speaker else None)
