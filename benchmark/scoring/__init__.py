"""The quotebench scorer: quote matching, speaker correctness, metrics, bootstrap intervals.

Every rule is defined in docs/scoring.md. `score` is the one entry point; a result keeps
per-article counts so that two results on the same data can be compared (compare.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from benchmark.documents import Document, Prediction
from benchmark.scoring import bootstrap, metrics
from benchmark.scoring.articles import ATTRIBUTION_KEYS, COUNT_KEYS, score_article
from benchmark.scoring.report import SCORER_VERSION, TRACKS, ScoreReport
from benchmark.scoring.slices import SliceTotals

__all__ = ["SCORER_VERSION", "TRACKS", "ScoreReport", "score"]


def score(
    gold: Sequence[Document],
    predictions: Mapping[str, Prediction],
    *,
    track: Literal["e2e", "attribution"] = "e2e",
    seed: int = 0,
    n_resamples: int = bootstrap.N_RESAMPLES,
    quiet: bool = True,
) -> ScoreReport:
    """Score predictions against gold articles; an article without a prediction predicts nothing.

    On the attribution track the system was given the gold quotes, and `attr_acc` counts the
    gold quotes whose prediction (identical quote fragments) has a correct speaker.
    """
    from benchmark.progress import track as progress

    if track not in TRACKS:
        raise ValueError(f"track must be one of {TRACKS}, not {track!r}")
    ids = [doc.id for doc in gold]
    if len(set(ids)) != len(ids):
        raise ValueError("gold article ids are not unique")
    unknown = predictions.keys() - set(ids)
    if unknown:
        raise ValueError(f"predictions for articles not in the gold: {sorted(unknown)[:5]}")
    attribution = track == "attribution"
    per_doc: dict[str, dict[str, int]] = {}
    slices = SliceTotals()
    for doc in progress(gold, "scoring", total=len(gold), quiet=quiet):
        prediction = predictions.get(doc.id)
        scored = score_article(
            doc, prediction.attributions if prediction else (), attribution=attribution
        )
        per_doc[doc.id] = scored.counts
        slices.add(doc, scored)
    counts = list(per_doc.values())
    totals = {
        key: sum(c[key] for c in counts)
        for key in (ATTRIBUTION_KEYS if attribution else COUNT_KEYS)
    }
    ci95 = bootstrap.confidence_intervals(
        counts, metrics.interval_keys(attribution), seed=seed, n_resamples=n_resamples
    )
    return ScoreReport(metrics.compute(totals), ci95, slices.report(), per_doc, track, seed)
