"""Cue words learned from data: a token classifier trained on the training split's gold cue spans
("said", "expressed confidence", "the announcement", "according to", "sagte", "dit-il").

A logistic regression (SGD) reads hashed lexical, shape, position, punctuation and context
features of each token; the lexicon's cue rates and the hand list of speech verbs are two
features among the others, never a gate, so a corpus in another language learns its own cues
from its own training data (the English list then simply never fires). Its per-token
probability is the "cue" signal the quote tagger, the fragment joiner, the span judge and the
speaker ranker read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from baselines.learned.features import (
    Layout,
    group_end,
    group_start,
    hashed,
    pair,
    to_matrix,
    word_codes,
)
from baselines.learned.lexicon import CUE_WORDS, Lexicon
from benchmark.documents import Document

_BINS = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8])
_POSITION_BINS = np.array([1, 2, 3, 5, 8, 13, 21])


def cue_labels(lay: Layout, doc: Document) -> np.ndarray:
    """True for the tokens inside a gold cue span."""
    labels = np.zeros(len(lay), dtype=bool)
    for att in doc.attributions:
        for start, end in att.cue or ():
            lo, hi = lay.token_range(start, end)
            labels[lo:hi] = True
    return labels


class CueDetector:
    """P(token is part of a cue) from a linear model over hashed token features. Training data
    without cue spans (corpora that annotate quotes and speakers only) teaches it nothing: it
    then answers the lexicon's rates, i.e. the hand list of speech verbs."""

    def __init__(self, lexicon: Lexicon, *, alpha: float = 2e-6, epochs: int = 6, seed: int = 0):
        self.lexicon = lexicon
        self.alpha = alpha
        self.epochs = epochs
        self.seed = seed
        self.model = None

    def fit(self, layouts: Sequence[Layout], labels: Sequence[np.ndarray]) -> CueDetector:
        from sklearn.linear_model import SGDClassifier

        target = np.concatenate(labels) if labels else np.zeros(0, dtype=bool)
        if target.all() or not target.any():
            return self  # nothing to learn from: proba falls back to the lexicon
        self.model = SGDClassifier(
            loss="log_loss",
            alpha=self.alpha,
            max_iter=self.epochs,
            tol=None,
            random_state=self.seed,
        )
        self.model.fit(to_matrix(self._columns(layouts)), target)
        self.model.coef_ = self.model.coef_.astype(np.float32)
        return self

    def proba(self, layouts: Sequence[Layout]) -> list[np.ndarray]:
        """Per-token cue probability of each layout."""
        sizes = [len(lay) for lay in layouts]
        if self.model is None:
            return [self.lexicon.cue_scores(lay.lower) for lay in layouts]
        if not sum(sizes):
            return [np.zeros(0) for _ in sizes]
        p = self.model.predict_proba(to_matrix(self._columns(layouts)))[:, 1]
        bounds = np.cumsum([0, *sizes])
        return [p[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def _columns(self, layouts: Sequence[Layout]) -> np.ndarray:
        return np.concatenate([cue_columns(lay, self.lexicon) for lay in layouts], axis=0)


def cue_columns(lay: Layout, lexicon: Lexicon) -> np.ndarray:
    """(tokens x templates) hashed column indices of the cue detector's features."""
    n = len(lay)
    codes = word_codes(lay.words)
    ids, shapes, suffix = codes[:, 0], codes[:, 1], codes[:, 2]
    pad = np.concatenate([[1, 2], ids, [3, 4]])
    prev2, prev1, next1, next2 = pad[0:n], pad[1 : n + 1], pad[3 : n + 3], pad[4 : n + 4]
    spad = np.concatenate([[1], shapes, [2]])
    prev_shape, next_shape = spad[0:n], spad[2 : n + 2]
    rate = np.digitize(lexicon.cue_scores(lay.lower), _BINS)
    rpad = np.concatenate([[0], rate, [0]])
    hand = np.array([w in CUE_WORDS for w in lay.lower], dtype=np.int64)
    mpad = np.concatenate([[0], lay.mark, [0]])
    prev_mark, next_mark = mpad[0:n], mpad[2 : n + 2]
    index = np.arange(n)
    from_start = np.digitize(index - group_start(lay.sentence), _POSITION_BINS)
    to_end = np.digitize(group_end(lay.sentence) - index, _POSITION_BINS)
    templates = [
        np.zeros(n, dtype=np.int64),
        ids,
        prev1,
        next1,
        prev2,
        next2,
        pair(prev1, ids),
        pair(ids, next1),
        suffix,
        shapes,
        pair(prev_shape, shapes),
        pair(shapes, next_shape),
        rate,
        pair(rate, rpad[0:n]),
        pair(rate, rpad[2 : n + 2]),
        pair(rate, shapes),
        hand,
        pair(hand, next1),
        lay.quoted,
        pair(lay.quoted, rate),
        pair(prev_mark, ids),
        pair(next_mark, ids),
        pair(prev_mark, rate),
        pair(next_mark, rate),
        pair(from_start, rate),
        pair(to_end, rate),
        pair(from_start, lay.quoted),
        pair(suffix, next1),
        pair(lay.dialogue, pair(prev_mark, ids)),
    ]
    return hashed(templates)
