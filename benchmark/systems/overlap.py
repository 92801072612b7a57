"""The shared default `attribute`: run `predict`, then give each quote the best-overlapping speaker.

Overlap is the Dice coefficient of `\\w+` token sets, as in the scorer, so a given quote takes the
speaker of the predicted attribution the scorer would most likely pair it with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchmark.documents import Article, PredictedAttribution, Prediction, Span
from benchmark.systems.protocol import Attributor

_TOKEN = re.compile(r"\w+")


def default_attribute(
    system: Attributor, article: Article, quotes: Sequence[list[Span]]
) -> list[PredictedAttribution]:
    """What a system without its own attribution step answers for the given quotes."""
    return attribute_by_overlap(system.predict([article])[0], article.text, quotes)


def attribute_by_overlap(
    prediction: Prediction, text: str, quotes: Sequence[list[Span]]
) -> list[PredictedAttribution]:
    """One attribution per quote; no overlapping prediction -> no speaker."""
    midpoints = [(m.start() + m.end()) / 2 for m in _TOKEN.finditer(text)]
    predicted = [(token_set(midpoints, a.quote), a) for a in prediction.attributions]
    answers = []
    for quote in quotes:
        tokens = token_set(midpoints, quote)
        best = max(predicted, key=lambda p: dice(tokens, p[0]), default=None)
        if best is None or dice(tokens, best[0]) == 0:
            answers.append(PredictedAttribution(quote=list(quote)))
        else:
            answers.append(
                PredictedAttribution(
                    quote=list(quote), speaker=best[1].speaker, speaker_name=best[1].speaker_name
                )
            )
    return answers


def token_set(midpoints: Sequence[float], fragments: Sequence[Span]) -> frozenset[int]:
    return frozenset(
        i for i, mid in enumerate(midpoints) if any(a <= mid < b for a, b in fragments)
    )


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
