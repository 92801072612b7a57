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

__all__ = ["SCORER_VERSION", "TRACKS", "ScoreReport", "Scorer", "score"]


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

    ids = [doc.id for doc in gold]
    if len(set(ids)) != len(ids):
        raise ValueError("gold article ids are not unique")
    unknown = predictions.keys() - set(ids)
    if unknown:
        raise ValueError(f"predictions for articles not in the gold: {sorted(unknown)[:5]}")
    scorer = Scorer(track=track, slice_by=slice_by)
    for doc in progress(gold, "scoring", total=len(gold), quiet=quiet):
        scorer.add(doc, predictions.get(doc.id))
    return scorer.report(seed=seed, n_resamples=n_resamples)


class Scorer:
    """`score` one article at a time, for callers that stream their gold: articles are scored
    in batches of about BATCH_CHARS characters, and only their counts are kept."""

    def __init__(
        self, *, track: Literal["e2e", "attribution"] = "e2e", slice_by: Sequence[str] = ()
    ) -> None:
        if track not in TRACKS:
            raise ValueError(f"track must be one of {TRACKS}, not {track!r}")
        self.track = track
        self.attribution = track == "attribution"
        self.keys = ATTRIBUTION_KEYS if self.attribution else COUNT_KEYS
        self.slices = SliceTotals(slice_by)
        self.ids: list[str] = []
        self._columns: list[list[np.ndarray]] = [[] for _ in self.keys]
        self._docs: list[Document] = []
        self._predicted: list[Sequence[PredictedAttribution]] = []
        self._chars = 0

    def add(self, doc: Document, prediction: Prediction | None) -> None:
        """One gold article and its prediction (None: it predicts nothing); ids must differ."""
        self.ids.append(doc.id)
        self._docs.append(doc)
        self._predicted.append(prediction.attributions if prediction is not None else ())
        self._chars += len(doc.text)
        if self._chars >= BATCH_CHARS:
            self._flush()

    def report(self, *, seed: int = 0, n_resamples: int = bootstrap.N_RESAMPLES) -> ScoreReport:
        """The metrics, intervals and slices of every article added so far."""
        self._flush()
        counts = np.zeros((len(self.ids), len(self.keys)), dtype=np.int64)
        for i, column in enumerate(self._columns):
            if column:
                counts[:, i] = np.concatenate(column)
        rows = counts.tolist()
        per_doc = {
            i: dict(zip(self.keys, row, strict=True)) for i, row in zip(self.ids, rows, strict=True)
        }
        totals = dict(zip(self.keys, counts.sum(axis=0).tolist(), strict=True))
        ci95 = bootstrap.count_intervals(
            counts,
            self.keys,
            metrics.interval_keys(self.attribution),
            seed=seed,
            n_resamples=n_resamples,
        )
        return ScoreReport(
            metrics.compute(totals),
            ci95,
            self.slices.report(),
            per_doc,
            self.track,
            seed,
            n_resamples=n_resamples,
        )

    def _flush(self) -> None:
        if not self._docs:
            return
        batch = Batch.of(self._docs, self._predicted)
        groupings = self.slices.groupings(batch.gold)
        scored = score_batch(batch, attribution=self.attribution, groupings=groupings)
        for column, key in zip(self._columns, self.keys, strict=True):
            column.append(scored.counts[key])
        self.slices.add(self._docs, scored)
        self._docs, self._predicted, self._chars = [], [], 0


BATCH_CHARS = 1 << 20
"""Article text scored at once: large enough that array passes dominate, small enough that the
arrays stay small."""
