"""The quotebench scorer: quote matching, speaker correctness, metrics, bootstrap intervals.

Every rule is defined in docs/scoring.md. `score` is the one entry point; a result keeps
per-article counts so that two results on the same data can be compared (compare.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

from benchmark.documents import Document, PredictedAttribution, Prediction
from benchmark.scoring import bootstrap, metrics
from benchmark.scoring.articles import ATTRIBUTION_KEYS, COUNT_KEYS, score_batch
from benchmark.scoring.batch import Batch
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
    slice_by: Sequence[str] = (),
    quiet: bool = True,
) -> ScoreReport:
    """Score predictions against gold articles; an article without a prediction predicts nothing.

    On the attribution track the system was given the gold quotes, and `attr_acc` counts the
    gold quotes whose prediction (identical quote fragments) has a correct speaker. `slice_by`
    adds recall slices by gold labels (`labels.KEY`, slices.py).
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
    keys = ATTRIBUTION_KEYS if attribution else COUNT_KEYS
    columns: list[list[np.ndarray]] = [[] for _ in keys]
    slices = SliceTotals(slice_by)
    batches = _batches(gold)
    for docs in progress(batches, "scoring", total=len(batches), quiet=quiet):
        predicted = [_attributions(predictions.get(doc.id)) for doc in docs]
        batch = Batch.of(docs, predicted)
        scored = score_batch(batch, attribution=attribution, groupings=slices.groupings(batch.gold))
        for column, key in zip(columns, keys, strict=True):
            column.append(scored.counts[key])
        slices.add(docs, scored)
    counts = np.zeros((len(gold), len(keys)), dtype=np.int64)
    for i, column in enumerate(columns):
        if column:
            counts[:, i] = np.concatenate(column)
    rows = counts.tolist()
    per_doc = {i: dict(zip(keys, row, strict=True)) for i, row in zip(ids, rows, strict=True)}
    totals = dict(zip(keys, counts.sum(axis=0).tolist(), strict=True))
    ci95 = bootstrap.count_intervals(
        counts, keys, metrics.interval_keys(attribution), seed=seed, n_resamples=n_resamples
    )
    return ScoreReport(metrics.compute(totals), ci95, slices.report(), per_doc, track, seed)


BATCH_CHARS = 1 << 20
"""Article text scored at once: large enough that array passes dominate, small enough that the
arrays stay small."""


def _batches(docs: Sequence[Document]) -> list[Sequence[Document]]:
    """Consecutive runs of articles of about BATCH_CHARS characters."""
    out, start, chars = [], 0, 0
    for end, doc in enumerate(docs, start=1):
        chars += len(doc.text)
        if chars >= BATCH_CHARS:
            out.append(docs[start:end])
            start, chars = end, 0
    if start < len(docs):
        out.append(docs[start:])
    return out


def _attributions(prediction: Prediction | None) -> Sequence[PredictedAttribution]:
    return prediction.attributions if prediction is not None else ()
