"""Quote spans by BIO tagging with a linear-chain CRF (crf.py) over the hashed token features,
conditioned on the detected cues, decoded under BIO's constraint (I never follows O or opens an
article), so every decoded span is well formed.

A per-token logistic regression over the same features backs the CRF up: its own constrained
Viterbi path proposes the spans the CRF left out entirely (no overlap with a CRF span), and the
span judge, which reads the mean of both models' per-token probabilities, decides whether they
are worth reporting. The two models miss different quotes, and the judge is there to filter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from baselines.learned.crf import LinearChainCRF
from baselines.learned.features import Layout, to_matrix, token_columns
from benchmark.documents import Document

OUTSIDE, BEGIN, INSIDE = 0, 1, 2
ALLOWED = np.array([[True, True, False], [True, True, True], [True, True, True]])
"""ALLOWED[previous, next]: I follows B or I only."""
MAY_START = np.array([True, True, False])
_TINY = 1e-12


def token_labels(lay: Layout, doc: Document) -> np.ndarray:
    """O/B/I per token: B opens every quote fragment, so a discontinuous quote is several spans
    (the fragment joiner puts them back together)."""
    labels = np.zeros(len(lay), dtype=np.int64)
    for att in sorted(doc.attributions, key=lambda a: a.quote[0]):
        for start, end in att.quote:
            lo, hi = lay.token_range(start, end)
            if lo < hi:
                labels[lo] = BEGIN
                labels[lo + 1 : hi] = INSIDE
    return labels


class QuoteTagger:
    """The CRF over each article as one sequence. `rates` are each token's lexicon cue rates,
    `cues` its cue probabilities (cues.CueDetector)."""

    def __init__(self, *, c2: float = 0.1, max_iterations: int = 75, seed: int = 0):
        self.seed = seed
        self.crf = LinearChainCRF(ALLOWED, MAY_START, c2=c2, max_iterations=max_iterations)
        self.linear = None

    def fit(
        self,
        layouts: Sequence[Layout],
        rates: Sequence[np.ndarray],
        cues: Sequence[np.ndarray],
        labels: Sequence[np.ndarray],
    ) -> QuoteTagger:
        if not any((y == BEGIN).any() for y in labels):
            raise ValueError("learned: the training documents have no quotes to learn from")
        columns = (  # one article at a time: the CRF copies them in, and memory stays low
            token_columns([lay], [rate], [cue])
            for lay, rate, cue in zip(layouts, rates, cues, strict=True)
        )
        self.crf.fit(columns, labels)
        from sklearn.linear_model import SGDClassifier

        matrix = to_matrix(token_columns(layouts, rates, cues))
        self.linear = SGDClassifier(
            loss="log_loss", alpha=1e-5, max_iter=5, tol=None, random_state=self.seed
        )
        self.linear.fit(matrix, np.concatenate(labels))
        self.linear.coef_ = self.linear.coef_.astype(np.float32)  # halves the cached model
        return self

    def tag(
        self, layouts: Sequence[Layout], rates: Sequence[np.ndarray], cues: Sequence[np.ndarray]
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """For each layout: the decoded spans (token ranges [lo, hi) in text order, bare
        punctuation dropped) and (tokens x 3) log-probabilities of O, B and I (the mean of the
        CRF's per-token softmax and the logistic regression's probabilities)."""
        matrix = to_matrix(token_columns(layouts, rates, cues))
        emissions = self.crf.emissions(matrix)
        proba = np.zeros((matrix.shape[0], 3))
        if matrix.shape[0]:
            proba[:, self.linear.classes_] = self.linear.predict_proba(matrix)  # classes it saw
        bounds = np.cumsum([0, *(len(lay) for lay in layouts)])
        out = []
        for lay, a, b in zip(layouts, bounds[:-1], bounds[1:], strict=True):
            crf_proba = np.exp(_log_softmax(emissions[a:b]))
            spans = _spans(lay, self.crf.decode(emissions[a:b]))
            backup = _spans(lay, self.crf.decode(np.log(np.maximum(proba[a:b], _TINY)), free=True))
            spans = sorted(spans + _uncovered(backup, spans, len(lay)))
            out.append((spans, np.log(np.maximum((crf_proba + proba[a:b]) / 2, _TINY))))
        return out


def _spans(lay: Layout, tags: list[int]) -> list[tuple[int, int]]:
    found = []
    start = -1
    for i, tag in enumerate([*tags, OUTSIDE]):
        if start >= 0 and tag != INSIDE:
            found.append((start, i))
            start = -1
        if tag == BEGIN:
            start = i
    return [(lo, hi) for lo, hi in found if lay.word[lo:hi].any()]


def _uncovered(
    spans: list[tuple[int, int]], covering: list[tuple[int, int]], n: int
) -> list[tuple[int, int]]:
    """The spans that share no token with any of `covering`."""
    covered = np.zeros(n, dtype=bool)
    for lo, hi in covering:
        covered[lo:hi] = True
    return [(lo, hi) for lo, hi in spans if not covered[lo:hi].any()]


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    if not len(scores):
        return scores.reshape(0, 3)
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
