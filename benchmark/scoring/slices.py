"""Recall by slice of the gold: quote type, speaker kind, publisher when known, and any gold
label asked for (`labels.KEY`, e.g. `labels.medium`; attributions without it: "(none)").

A slice's count in an article is the size of a maximum matching between the slice's gold quotes
and all predictions, on the same allowed pairs as the overall count. Like the overall counts it
does not depend on tie-breaking; one prediction that could match gold quotes of two slices
counts in both, so slice counts can add up to a little more than the overall count.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from benchmark.documents import QUOTE_TYPES, Attribution, Document
from benchmark.scoring.articles import SLICED, BatchScore, Grouping
from benchmark.scoring.mentions import SPEAKER_KINDS
from benchmark.scoring.metrics import ratio

RECALLS = {"lenient": "lenient_r", "e2e": "e2e_r", "attr_correct": "attr_acc"}
VALUES: dict[str, tuple[str, ...]] = {"type": QUOTE_TYPES, "speaker_kind": SPEAKER_KINDS}
LABELS = "labels."
"""Prefix of a label slice: `labels.KEY` slices by the value of the gold label KEY."""
NO_LABEL = "(none)"
"""The value of a label slice for attributions without the label."""


def label_slices(names: Iterable[str]) -> tuple[str, ...]:
    """The label slices asked for, once each and in order; ValueError for a name that is not
    `labels.KEY`."""
    out: list[str] = []
    for name in names:
        if not name.startswith(LABELS) or len(name) == len(LABELS):
            raise ValueError(f"a slice is labels.KEY (a gold label), not '{name}'")
        if name not in out:
            out.append(name)
    return tuple(out)


def registered_slices(dataset: str) -> tuple[str, ...]:
    """The standard label slices of a registered dataset (`DatasetSpec.slice_labels`) as slice
    names; none for a dataset that is not registered."""
    from benchmark.data.registry import get_spec, is_registered

    if not is_registered(dataset):
        return ()
    return label_slices(f"{LABELS}{key}" for key in get_spec(dataset).slice_labels)


def label_value(value: object) -> str:
    """How a label value is shown as a slice value: a string as it is, others as JSON."""
    if value is None:
        return NO_LABEL
    return value if isinstance(value, str) else json.dumps(value)


class SliceTotals:
    """Slice counts summed over the articles of a dataset."""

    def __init__(self, labels: Sequence[str] = ()) -> None:
        self.totals: dict[str, dict[str, np.ndarray]] = {}
        self.publishers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.labels = {name: {} for name in label_slices(labels)}
        """Each label slice's values, numbered in order of first appearance."""

    def groupings(self, gold: Sequence[Attribution]) -> dict[str, Grouping]:
        """The label slice groupings of a batch's gold attributions, numbering new values."""
        out = {}
        for name, numbers in self.labels.items():
            key = name[len(LABELS) :]
            values = [label_value(att.labels.get(key)) for att in gold]
            codes = [numbers.setdefault(v, len(numbers)) for v in values]
            out[name] = (np.array(codes, dtype=np.int64).reshape(-1), len(numbers))
        return out

    def add(self, docs: Sequence[Document], scored: BatchScore) -> None:
        for dimension, counts in scored.slices.items():
            totals = self.totals.setdefault(dimension, {})
            for key, values in counts.items():
                totals[key] = _sum(totals[key], values) if key in totals else values
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
            if dimension in self.labels:
                continue
            rows = {
                value: _row({key: int(counts[i]) for key, counts in totals.items()})
                for i, value in enumerate(VALUES[dimension])
                if totals["n_gold"][i]
            }
            if rows:
                out[dimension] = rows
        if self.publishers:
            out["publisher"] = {p: _row(self.publishers[p]) for p in sorted(self.publishers)}
        for name, numbers in self.labels.items():
            totals = self.totals.get(name, {})
            rows = {
                value: _row({key: int(counts[numbers[value]]) for key, counts in totals.items()})
                for value in sorted(numbers, key=lambda v: (v == NO_LABEL, v))
                if totals["n_gold"][numbers[value]]
            }
            if rows:
                out[name] = rows
        return out


def _sum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per-value totals of two batches; a later batch may know more values."""
    if len(a) < len(b):
        a, b = b, a
    out = a.copy()
    out[: len(b)] += b
    return out


def _row(counts: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {"n_gold": counts["n_gold"]}
    for key, recall in RECALLS.items():
        if key in counts:
            row[key] = counts[key]
            row[recall] = ratio(counts[key], counts["n_gold"])
    return row
