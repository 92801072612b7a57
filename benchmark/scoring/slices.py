"""Recall by slice of the gold: quote type, speaker mention kind, and publisher when known.

A slice's count in an article is the size of a maximum matching between the slice's gold quotes
and all predictions, on the same allowed pairs as the overall count. Like the overall counts it
does not depend on tie-breaking; one prediction that could match gold quotes of two slices
counts in both, so slice counts can add up to a little more than the overall count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from benchmark.documents import QUOTE_TYPES, Document
from benchmark.scoring.articles import SLICED, BatchScore
from benchmark.scoring.mentions import SPEAKER_KINDS
from benchmark.scoring.metrics import ratio

RECALLS = {"lenient": "lenient_r", "e2e": "e2e_r", "attr_correct": "attr_acc"}
VALUES: dict[str, tuple[str, ...]] = {"type": QUOTE_TYPES, "speaker_kind": SPEAKER_KINDS}


class SliceTotals:
    """Slice counts summed over the articles of a dataset."""

    def __init__(self) -> None:
        self.totals: dict[str, dict[str, np.ndarray]] = {}
        self.publishers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, docs: Sequence[Document], scored: BatchScore) -> None:
        for dimension, counts in scored.slices.items():
            totals = self.totals.setdefault(dimension, {})
            for key, values in counts.items():
                totals[key] = totals[key] + values if key in totals else values
        # the publisher slice is a whole-article slice: its counts are the article counts
        keys = ["n_gold", *(k for k in SLICED if k in scored.counts)]
        columns = [scored.counts[k].tolist() for k in keys]
        for doc, row in zip(docs, zip(*columns, strict=True), strict=True):
            publisher = doc.meta.get("publisher")
            if publisher is not None and doc.attributions:
                counts = self.publishers[str(publisher)]
                for key, value in zip(keys, row, strict=True):
                    counts[key] += value

    def report(self) -> dict[str, dict[str, dict[str, Any]]]:
        """{dimension: {value: {"n_gold", count keys..., recall keys...}}}, in a stable order."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for dimension, totals in self.totals.items():
            rows = {
                value: _row({key: int(counts[i]) for key, counts in totals.items()})
                for i, value in enumerate(VALUES[dimension])
                if totals["n_gold"][i]
            }
            if rows:
                out[dimension] = rows
        if self.publishers:
            out["publisher"] = {p: _row(self.publishers[p]) for p in sorted(self.publishers)}
        return out


def _row(counts: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {"n_gold": counts["n_gold"]}
    for key, recall in RECALLS.items():
        if key in counts:
            row[key] = counts[key]
            row[recall] = ratio(counts[key], counts["n_gold"])
    return row
