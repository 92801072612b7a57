"""Gradient-boosted trees for the small decisions (speaker, fragment joining, keeping a span),
with the degenerate cases of tiny training sets handled: one class seen means a constant."""

from __future__ import annotations

from typing import Any

import numpy as np


def one_thread() -> Any:
    """A context in which scikit-learn's OpenMP code runs on one thread.

    The models here are small or their batches are: on a busy two-core machine, threads fight
    over the cores and a boosted-trees fit can take 50 times longer. The OpenMP runtime must be
    loaded before threadpoolctl can limit it, hence the import."""
    import sklearn.ensemble  # noqa: F401  (loads the OpenMP runtime)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


class Constant:
    """A classifier that always answers the training rate of the positive class."""

    def __init__(self, rate: float):
        self.rate = rate

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.tile([1.0 - self.rate, self.rate], (len(x), 1))


def fit_boosted(x: np.ndarray, y: np.ndarray, *, random_state: int, **params: object) -> object:
    """A HistGradientBoostingClassifier fitted to (x, y), or a Constant when y has one class."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    if not len(y) or y.all() or not y.any():
        return Constant(float(y.mean()) if len(y) else 0.0)
    return HistGradientBoostingClassifier(random_state=random_state, **params).fit(x, y)


def positive_proba(model: Any, x: np.ndarray) -> np.ndarray:
    """P(positive) for each row of x; scikit-learn refuses empty inputs, this returns nothing."""
    return model.predict_proba(x)[:, 1] if len(x) else np.zeros(0)


def out_of_fold(
    x: np.ndarray, y: np.ndarray, *, folds: int, random_state: int, **params: object
) -> np.ndarray:
    """P(positive) for every row from a model that did not see it (contiguous folds)."""
    scores = np.zeros(len(y))
    bounds = np.linspace(0, len(y), folds + 1).astype(int)
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        train = np.r_[0:a, b : len(y)]
        if a == b:
            continue
        model = fit_boosted(x[train], y[train], random_state=random_state, **params)
        scores[a:b] = positive_proba(model, x[a:b])
    return scores
