"""Quote spans by BIO tagging with a linear-chain CRF (crf.py) over the hashed token features,
conditioned on the detected cues, decoded under BIO's constraint (I never follows O or opens an
article), so every decoded span is well formed.

A per-token logistic regression over the same features backs the CRF up: its own constrained
Viterbi path proposes the spans the CRF left out entirely (no overlap with a CRF span), and the
span judge, which reads the mean of both models' per-token probabilities, decides whether they
are worth reporting. The two models miss different quotes, and the judge is there to filter.

Both train on at most TOKEN_BUDGET tokens: a larger corpus (a few novels) trains on a seeded
sample of its passages, which costs little accuracy and keeps the fit's time and memory (CRFsuite
copies every token's attributes) within bounds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from baselines.learned.crf import LinearChainCRF
from baselines.learned.features import N_TEMPLATES, Layout, to_matrix, token_columns
from benchmark.documents import Document

OUTSIDE, BEGIN, INSIDE = 0, 1, 2
ALLOWED = np.array([[True, True, False], [True, True, True], [True, True, True]])
"""ALLOWED[previous, next]: I follows B or I only."""
MAY_START = np.array([True, True, False])
TOKEN_BUDGET = 850_000
"""Most tokens the tagger trains on. PolNeAR train (770k) and every smaller corpus train whole;
PDNC train (18 novels, 2.0M) took 749 s and 3.8 GB to fit without it, most of it CRFsuite's
(about 1.6 kB a token)."""
PASSAGE_TOKENS = 2_000
"""Smallest passage a budgeted corpus is sampled by: runs of whole paragraphs, cut only where no
quote fragment goes on, so that the sample draws on every novel, not on a few whole ones."""
_TINY = 1e-12
Ranges = list[tuple[int, int]]


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

    def __init__(
        self,
        *,
        c2: float = 0.1,
        max_iterations: int = 75,
        seed: int = 0,
        budget: int = TOKEN_BUDGET,
    ):
        self.seed = seed
        self.budget = budget
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
        kept = budgeted(
            [lay.paragraph for lay in layouts], labels, seed=self.seed, budget=self.budget
        )
        pieces = [y[lo:hi] for y, ranges in zip(labels, kept, strict=True) for lo, hi in ranges]
        self.crf.fit(_columns_of(layouts, rates, cues, kept), pieces)
        from sklearn.linear_model import SGDClassifier

        n_rows = sum(len(y) for y in pieces)
        matrix = to_matrix(_stacked(_columns_of(layouts, rates, cues, kept), n_rows))
        self.linear = SGDClassifier(
            loss="log_loss", alpha=1e-5, max_iter=5, tol=None, random_state=self.seed
        )
        self.linear.fit(matrix, np.concatenate(pieces))
        self.linear.coef_ = self.linear.coef_.astype(np.float32)  # halves the cached model
        return self

    def tag(
        self, layouts: Sequence[Layout], rates: Sequence[np.ndarray], cues: Sequence[np.ndarray]
    ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """For each layout: the decoded spans (token ranges [lo, hi) in text order, bare
        punctuation dropped) and (tokens x 3) log-probabilities of O, B and I (the mean of the
        CRF's marginals and the logistic regression's probabilities)."""
        matrix = to_matrix(token_columns(layouts, rates, cues))
        emissions = self.crf.emissions(matrix)
        proba = np.zeros((matrix.shape[0], 3))
        if matrix.shape[0]:
            proba[:, self.linear.classes_] = self.linear.predict_proba(matrix)  # classes it saw
        bounds = np.cumsum([0, *(len(lay) for lay in layouts)])
        ranges = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        crf_scores = [emissions[a:b] for a, b in ranges]
        linear_scores = [np.log(np.maximum(proba[a:b], _TINY)) for a, b in ranges]
        out = []
        for lay, (a, b), path, backup_path, marginal in zip(
            layouts,
            ranges,
            self.crf.decode(crf_scores),
            self.crf.decode(linear_scores, free=True),
            self.crf.marginals(crf_scores),
            strict=True,
        ):
            spans = _spans(lay, path)
            backup = _spans(lay, backup_path)
            spans = sorted(spans + _uncovered(backup, spans, len(lay)))
            out.append((spans, np.log(np.maximum((marginal + proba[a:b]) / 2, _TINY))))
        return out


def budgeted(
    paragraphs: Sequence[np.ndarray],
    labels: Sequence[np.ndarray],
    *,
    seed: int,
    budget: int = TOKEN_BUDGET,
    passage: int = PASSAGE_TOKENS,
) -> list[Ranges]:
    """Each article's token ranges to train on, given its tokens' paragraph indices and labels:
    the whole article when the corpus fits the budget; else the passages a seeded shuffle picks
    until the budget is full, adjacent ones merged (a sequence the CRF reads whole)."""
    if sum(len(y) for y in labels) <= budget:
        return [[(0, len(y))] for y in labels]
    found = [
        (k, lo, hi) for k, p in enumerate(paragraphs) for lo, hi in _passages(p, labels[k], passage)
    ]
    kept: list[Ranges] = [[] for _ in labels]
    total = 0
    for i in np.random.default_rng(seed).permutation(len(found)):
        k, lo, hi = found[i]
        if total + hi - lo <= budget:
            kept[k].append((lo, hi))
            total += hi - lo
    return [_merged(sorted(ranges)) for ranges in kept]


def _passages(paragraph: np.ndarray, labels: np.ndarray, size: int) -> Ranges:
    """Token ranges of at least `size` tokens (the last may be shorter) that start a paragraph
    outside any quote fragment (an I never opens a passage), covering the article."""
    opens = np.flatnonzero(np.diff(paragraph, prepend=-1) != 0)
    cuts = [0]
    for i in opens[1:].tolist():
        if i - cuts[-1] >= size and labels[i] != INSIDE:
            cuts.append(i)
    bounds = [*cuts, len(labels)]
    return [(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True) if lo < hi]


def _merged(ranges: Ranges) -> Ranges:
    out: Ranges = []
    for lo, hi in ranges:
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _columns_of(
    layouts: Sequence[Layout],
    rates: Sequence[np.ndarray],
    cues: Sequence[np.ndarray],
    kept: Sequence[Ranges],
) -> Iterator[np.ndarray]:
    """The hashed columns of each kept range, one article's at a time (the CRF copies them in,
    and memory stays low)."""
    for lay, rate, cue, ranges in zip(layouts, rates, cues, kept, strict=True):
        if ranges:
            columns = token_columns([lay], [rate], [cue])
            yield from (columns[lo:hi] for lo, hi in ranges)


def _stacked(blocks: Iterator[np.ndarray], n_rows: int) -> np.ndarray:
    """The blocks one below the other, copied in as they come: a list of them would keep every
    article's whole column array alive behind its kept ranges (390 MB on PDNC train, where the
    budget keeps 850k of 2.0M tokens)."""
    out = np.empty((n_rows, N_TEMPLATES), dtype=np.int32)
    at = 0
    for block in blocks:
        out[at : at + len(block)] = block
        at += len(block)
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
