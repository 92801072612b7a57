"""`nearest-name`: the floor. Text between quotation marks is a quote; its speaker is the
capitalised name nearest to it. No cues, no indirect speech, no coreference."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from baselines.text import NOT_NAMES, Analysis, Span
from benchmark.documents import Article, PredictedAttribution, Prediction


class NearestName:
    name = "nearest-name"
    version = "1.1"

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        predictions = []
        for article in articles:
            analysis = Analysis(article.text)
            names = capitalised_names(analysis)
            quotes = [q.fragments for q in analysis.quotations]
            predictions.append(
                Prediction(
                    id=article.id, attributions=[_attribution(analysis, names, q) for q in quotes]
                )
            )
        return predictions

    def attribute(
        self, article: Article, quotes: Sequence[list[Span]]
    ) -> list[PredictedAttribution]:
        analysis = Analysis(article.text)
        names = capitalised_names(analysis)
        return [_attribution(analysis, names, list(quote)) for quote in quotes]


def capitalised_names(analysis: Analysis) -> list[Span]:
    """Character spans of the analysis' capitalised runs, minus leading function words."""
    a = analysis
    names: list[Span] = []
    for i, j in a.capitalised_runs():
        first = i
        while first <= j and a.lowers[first].rstrip(".") in NOT_NAMES:
            first += 1
        if first <= j:
            names.append(a.span(first, j))
    return names


def _attribution(analysis: Analysis, names: list[Span], quote: list[Span]) -> PredictedAttribution:
    """The nearest name outside the quote; a tie goes to the name before it. `names` are in
    text order and do not overlap, so the candidates are the last name ending before the quote
    and the first starting after it (found by bisection: a novel has thousands of names)."""
    start, end = quote[0][0], quote[-1][1]
    before = bisect.bisect_right(names, start, key=lambda n: n[1]) - 1
    after = bisect.bisect_left(names, end, key=lambda n: n[0])
    outside = [names[k] for k in (before, after) if 0 <= k < len(names)]
    if not outside:
        return PredictedAttribution(quote=quote)
    nearest = min(outside, key=lambda n: (max(start - n[1], n[0] - end), n[0]))
    return PredictedAttribution(
        quote=quote, speaker=[nearest], speaker_name=analysis.text[nearest[0] : nearest[1]]
    )
