"""Bootstrap over articles: 95% percentile intervals and the paired test between two systems.

A resample draws as many articles as the dataset has, with replacement; a metric is recomputed
from the counts summed over the drawn articles (micro-averaging, as for the point estimate).
Resamples are represented by how often each article was drawn, so summing counts is one
matrix product per chunk of resamples instead of a Python loop. The product is of integers:
exact, and computed without BLAS, whose threads spin on a busy machine (ten times the CPU).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from benchmark.scoring import metrics
from benchmark.scoring.articles import ATTRIBUTION_KEYS, COUNT_KEYS

N_RESAMPLES = 1000
CHUNK = 100


@dataclass(frozen=True)
class PairedResult:
    a: float
    b: float
    diff: float
    """Metric of B minus metric of A, on all articles."""
    ci95: tuple[float, float]
    p_value: float
    """Two-sided: how often the resampled difference falls on either side of 0, doubled."""


def confidence_intervals(
    per_doc: Sequence[Mapping[str, int]],
    keys: Sequence[str],
    *,
    seed: int = 0,
    n_resamples: int = N_RESAMPLES,
) -> dict[str, tuple[float, float]]:
    """95% percentile bootstrap interval of each metric in `keys`."""
    columns = _columns(per_doc)
    counts = _matrix(per_doc, columns) if per_doc else np.zeros((0, len(columns)))
    return count_intervals(counts, columns, keys, seed=seed, n_resamples=n_resamples)


def count_intervals(
    counts: np.ndarray,
    columns: Sequence[str],
    keys: Sequence[str],
    *,
    seed: int = 0,
    n_resamples: int = N_RESAMPLES,
) -> dict[str, tuple[float, float]]:
    """`confidence_intervals` from a matrix of counts: a row per article, a column per key.

    A percentile interval of a skewed resample distribution can miss the point estimate
    (few articles, a metric near 0 or 1): it is widened to hold it, so lo <= value <= hi."""
    if not len(counts):
        point = metrics.compute(dict.fromkeys(ATTRIBUTION_KEYS, 0))
        return {k: (point[k], point[k]) for k in keys}
    point = metrics.compute(dict(zip(columns, counts.sum(axis=0).tolist(), strict=True)))
    drawn = _resample_totals(counts, seed, n_resamples)
    samples = metrics.compute({c: drawn[:, i] for i, c in enumerate(columns)})
    out = {}
    for k in keys:
        lo, hi = _percentiles(samples[k])
        out[k] = (min(lo, float(point[k])), max(hi, float(point[k])))
    return out


def paired_bootstrap(
    a: Sequence[Mapping[str, int]],
    b: Sequence[Mapping[str, int]],
    keys: Sequence[str],
    *,
    seed: int = 0,
    n_resamples: int = N_RESAMPLES,
) -> dict[str, PairedResult]:
    """B - A for each metric, resampling the same articles for both (a[i], b[i]: one article)."""
    if len(a) != len(b):
        raise ValueError("paired bootstrap needs counts for the same articles")
    columns = [c for c in _columns(a) if not b or c in b[0]]
    point_a = metrics.compute(_sum(a, columns))
    point_b = metrics.compute(_sum(b, columns))
    if not a:
        return {k: PairedResult(point_a[k], point_b[k], 0.0, (0.0, 0.0), 1.0) for k in keys}
    both = np.hstack([_matrix(a, columns), _matrix(b, columns)])
    drawn = _resample_totals(both, seed, n_resamples)
    totals_a = {c: drawn[:, i] for i, c in enumerate(columns)}
    totals_b = {c: drawn[:, len(columns) + i] for i, c in enumerate(columns)}
    sample_a, sample_b = metrics.compute(totals_a), metrics.compute(totals_b)
    out = {}
    for key in keys:
        diffs = sample_b[key] - sample_a[key]
        extreme = min(int((diffs <= 0).sum()), int((diffs >= 0).sum()))
        p_value = min(1.0, 2 * (extreme + 1) / (n_resamples + 1))
        diff = point_b[key] - point_a[key]
        out[key] = PairedResult(point_a[key], point_b[key], diff, _percentiles(diffs), p_value)
    return out


def _resample_totals(matrix: np.ndarray, seed: int, n_resamples: int) -> np.ndarray:
    """(n_resamples, n_columns): column sums over each resample of the rows of an integer
    matrix, as floats."""
    rng = np.random.default_rng(seed)
    drawn = [weights @ matrix for weights in _draw_counts(rng, len(matrix), n_resamples)]
    return np.vstack(drawn).astype(float)


def _draw_counts(rng: np.random.Generator, n_docs: int, n_resamples: int) -> Iterator[np.ndarray]:
    """Per chunk of resamples, how many times each article was drawn: (chunk, n_docs)."""
    for start in range(0, n_resamples, CHUNK):
        rows = min(CHUNK, n_resamples - start)
        drawn = rng.integers(0, n_docs, size=(rows, n_docs))
        drawn += np.arange(rows)[:, None] * n_docs  # each resample counts in its own row
        yield np.bincount(drawn.ravel(), minlength=rows * n_docs).reshape(rows, n_docs)


def _percentiles(values: np.ndarray) -> tuple[float, float]:
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def _columns(per_doc: Sequence[Mapping[str, int]]) -> list[str]:
    return list(per_doc[0]) if per_doc else list(COUNT_KEYS)


def _matrix(per_doc: Sequence[Mapping[str, int]], columns: Sequence[str]) -> np.ndarray:
    return np.array([[doc[c] for c in columns] for doc in per_doc], dtype=np.int64)


def _sum(per_doc: Sequence[Mapping[str, int]], columns: Sequence[str]) -> dict[str, int]:
    return {c: sum(doc[c] for doc in per_doc) for c in columns}
