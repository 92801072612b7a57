"""One article scored: its counts, and the allowed pairs the slices re-match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from benchmark.documents import Document, PredictedAttribution
from benchmark.scoring.matching import Pair, maximum_matching, quote_pairs
from benchmark.scoring.speakers import (
    GoldSpeaker,
    Name,
    PredictedSpeaker,
    entity_names,
    gold_speaker,
    predicted_speaker,
    speaker_correct,
)
from benchmark.scoring.tokens import midpoints2, token_set

COUNT_KEYS = ("n_gold", "n_pred", "exact", "lenient", "e2e")
ATTRIBUTION_KEYS = (*COUNT_KEYS, "attr_correct")


@dataclass(frozen=True)
class ArticleScore:
    counts: dict[str, int]
    pairs: dict[str, list[Pair]]
    """Allowed (gold, predicted) pairs by count key: "lenient", "e2e" and, on the attribution
    track, "attr_correct" (identical quote fragments and a correct speaker)."""


def score_article(
    doc: Document, predicted: Sequence[PredictedAttribution], *, attribution: bool = False
) -> ArticleScore:
    mid2 = midpoints2(doc.text)
    gold_quotes = [token_set(mid2, att.quote) for att in doc.attributions]
    pred_quotes = [token_set(mid2, att.quote) for att in predicted]
    quotes = quote_pairs(gold_quotes, pred_quotes)
    judge = _SpeakerJudge(doc, mid2, predicted)
    pairs = {"lenient": quotes.lenient, "e2e": judge.correct(quotes.lenient)}
    counts = {
        "n_gold": len(gold_quotes),
        "n_pred": len(pred_quotes),
        "exact": maximum_matching(quotes.exact),
        "lenient": maximum_matching(pairs["lenient"]),
        "e2e": maximum_matching(pairs["e2e"]),
    }
    if attribution:
        pairs["attr_correct"] = judge.correct(_same_quote(doc, predicted))
        counts["attr_correct"] = maximum_matching(pairs["attr_correct"])
    return ArticleScore(counts, pairs)


def _same_quote(doc: Document, predicted: Sequence[PredictedAttribution]) -> list[Pair]:
    """(g, p) whose quotes have identical fragments: the pairing of the attribution track."""
    by_quote: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for g, att in enumerate(doc.attributions):
        by_quote.setdefault(tuple(map(tuple, att.quote)), []).append(g)
    return [
        (g, p)
        for p, att in enumerate(predicted)
        for g in by_quote.get(tuple(map(tuple, att.quote)), ())
    ]


class _SpeakerJudge:
    """Keeps the pairs whose speaker is correct, building each side's speaker once, on demand."""

    def __init__(self, doc: Document, mid2: list[int], predicted: Sequence[PredictedAttribution]):
        self.doc, self.mid2, self.predicted = doc, mid2, predicted
        self.gold: dict[int, GoldSpeaker] = {}
        self.pred: dict[int, PredictedSpeaker] = {}

    def correct(self, pairs: list[Pair]) -> list[Pair]:
        text, mid2, gold, pred = self.doc.text, self.mid2, self.gold, self.pred
        kept = []
        for g, p in pairs:
            gold_side = gold.get(g)
            if gold_side is None:
                att = self.doc.attributions[g]
                gold_side = gold[g] = gold_speaker(text, mid2, att, self.entities)
            pred_side = pred.get(p)
            if pred_side is None:
                pred_side = pred[p] = predicted_speaker(text, mid2, self.predicted[p])
            if speaker_correct(gold_side, pred_side):
                kept.append((g, p))
        return kept

    @cached_property
    def entities(self) -> dict[str, frozenset[Name]]:
        return entity_names(self.doc)
