"""Recall by slice of the gold: quote type, speaker mention kind, and publisher when known.

A slice's count in an article is the size of a maximum matching between the slice's gold quotes
and all predictions, on the same allowed pairs as the overall count. Like the overall counts it
does not depend on tie-breaking; one prediction that could match gold quotes of two slices
counts in both, so slice counts can add up to a little more than the overall count.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from benchmark.documents import QUOTE_TYPES, Document
from benchmark.scoring.articles import ArticleScore
from benchmark.scoring.matching import Pair, maximum_matching
from benchmark.scoring.mentions import MENTION_KINDS, mention_kind
from benchmark.scoring.metrics import ratio
from benchmark.scoring.tokens import span_text

RECALLS = {"lenient": "lenient_r", "e2e": "e2e_r", "attr_correct": "attr_acc"}
ORDER = {"type": QUOTE_TYPES, "speaker_kind": MENTION_KINDS}


class SliceTotals:
    """Slice counts summed over the articles of a dataset."""

    def __init__(self) -> None:
        self.totals: dict[str, dict[str, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(int))
        )

    def add(self, doc: Document, scored: ArticleScore) -> None:
        groups: dict[tuple[str, str], set[int]] = defaultdict(set)
        for g, att in enumerate(doc.attributions):
            speaker = None if att.speaker is None else span_text(doc.text, att.speaker)
            groups["type", att.type].add(g)
            groups["speaker_kind", mention_kind(speaker)].add(g)
        for (dimension, value), members in groups.items():
            self.totals[dimension][value]["n_gold"] += len(members)
        for key, pairs in scored.pairs.items():
            for (dimension, value), matched in _matched_by_group(pairs, groups).items():
                self.totals[dimension][value][key] += matched
        publisher = doc.meta.get("publisher")
        if publisher is not None and doc.attributions:
            counts = self.totals["publisher"][str(publisher)]
            for key in ("n_gold", *scored.pairs):
                counts[key] += scored.counts[key]

    def report(self) -> dict[str, dict[str, dict[str, Any]]]:
        """{dimension: {value: {"n_gold", count keys..., recall keys...}}}, in a stable order."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for dimension in ("type", "speaker_kind", "publisher"):
            values = self.totals.get(dimension)
            if not values:
                continue
            order = ORDER.get(dimension) or sorted(values)
            out[dimension] = {v: _row(values[v]) for v in order if v in values}
        return out


def _matched_by_group(
    pairs: list[Pair], groups: dict[tuple[str, str], set[int]]
) -> dict[tuple[str, str], int]:
    """Maximum matching size restricted to each group's gold quotes.

    When the pairs already form a matching (the usual case) that is just the group's share of
    the pairs; otherwise each group is matched on its own.
    """
    golds = {g for g, _ in pairs}
    if len(golds) == len(pairs) == len({p for _, p in pairs}):
        return {group: len(members & golds) for group, members in groups.items()}
    return {
        group: maximum_matching((g, p) for g, p in pairs if g in members)
        for group, members in groups.items()
    }


def _row(counts: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {"n_gold": counts["n_gold"]}
    for key, recall in RECALLS.items():
        if key in counts:
            row[key] = counts[key]
            row[recall] = ratio(counts[key], counts["n_gold"])
    return row
