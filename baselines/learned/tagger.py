"""Quote spans by token-level BIO tagging: a linear model scores B, I and O for every token, and
a constrained Viterbi pass turns the scores into well-formed spans (I never follows O)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from baselines.learned.features import Layout, to_matrix, token_columns
from baselines.learned.lexicon import Lexicon
from benchmark.documents import Document

OUTSIDE, BEGIN, INSIDE = 0, 1, 2
_FORBIDDEN = -1e9
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
    """Logistic regression (trained by SGD: a few epochs suffice) over hashed token features,
    decoded by Viterbi into spans."""

    def __init__(
        self, lexicon: Lexicon, *, alpha: float = 1e-5, epochs: int = 5, random_state: int = 0
    ):
        self.lexicon = lexicon
        self.alpha = alpha
        self.epochs = epochs
        self.random_state = random_state
        self.model = None

    def fit(self, layouts: Sequence[Layout], labels: Sequence[np.ndarray]) -> QuoteTagger:
        from sklearn.linear_model import SGDClassifier

        target = np.concatenate(labels)
        if not (target == BEGIN).any():
            raise ValueError("learned: the training documents have no quotes to learn from")
        self.model = SGDClassifier(
            loss="log_loss",
            alpha=self.alpha,
            max_iter=self.epochs,
            tol=None,
            random_state=self.random_state,
        )
        self.model.fit(to_matrix(token_columns(layouts, self.lexicon)), target)
        self.model.coef_ = self.model.coef_.astype(np.float32)  # halves the cached model
        return self

    def log_proba(self, layouts: Sequence[Layout]) -> list[np.ndarray]:
        """(tokens x 3) log-probabilities of O, B and I for each layout."""
        matrix = to_matrix(token_columns(layouts, self.lexicon))
        proba = np.zeros((matrix.shape[0], 3))
        if matrix.shape[0]:
            proba[:, self.model.classes_] = self.model.predict_proba(matrix)  # the classes it saw
        scores = np.log(np.maximum(proba, _TINY))
        bounds = np.cumsum([0, *(len(lay) for lay in layouts)])
        return [scores[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def spans(self, lay: Layout, log_proba: np.ndarray) -> list[tuple[int, int]]:
        """Token ranges [lo, hi) of the decoded quotes, without bare punctuation spans."""
        tags = viterbi(log_proba)
        found = []
        start = -1
        for i, tag in enumerate([*tags, OUTSIDE]):
            if start >= 0 and tag != INSIDE:
                found.append((start, i))
                start = -1
            if tag == BEGIN:
                start = i
        return [(lo, hi) for lo, hi in found if lay.word[lo:hi].any()]


def viterbi(log_proba: np.ndarray) -> list[int]:
    """Best tag sequence under BIO's constraint: I follows B or I only.

    O and B may follow anything, so both extend the best path so far; I extends the better of
    the paths ending in B or I. Plain Python: three states are cheaper than numpy calls."""
    if not len(log_proba):
        return []
    rows = log_proba.tolist()
    o, b, i = rows[0][OUTSIDE], rows[0][BEGIN], _FORBIDDEN
    from_best: list[int] = []  # the state the best path so far ends in, before each token
    into_i: list[int] = []  # the state an I at each token follows
    for row_o, row_b, row_i in rows[1:]:
        if o >= b and o >= i:
            best, state = o, OUTSIDE
        elif b >= i:
            best, state = b, BEGIN
        else:
            best, state = i, INSIDE
        if b >= i:
            i, before_i = b + row_i, BEGIN
        else:
            i, before_i = i + row_i, INSIDE
        from_best.append(state)
        into_i.append(before_i)
        o, b = best + row_o, best + row_b
    tag = OUTSIDE if o >= b and o >= i else (BEGIN if b >= i else INSIDE)
    tags = [tag]
    for k in range(len(from_best) - 1, -1, -1):
        tag = into_i[k] if tag == INSIDE else from_best[k]
        tags.append(tag)
    return tags[::-1]
