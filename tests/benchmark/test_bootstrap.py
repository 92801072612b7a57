"""Percentile bootstrap over articles, and the paired bootstrap between two systems."""

from __future__ import annotations

import numpy as np
import pytest

from benchmark.scoring import metrics
from benchmark.scoring.bootstrap import CHUNK, confidence_intervals, paired_bootstrap

KEYS = metrics.interval_keys(False)


def doc_counts(n_gold: int, n_pred: int, exact: int, lenient: int, e2e: int) -> dict[str, int]:
    return {"n_gold": n_gold, "n_pred": n_pred, "exact": exact, "lenient": lenient, "e2e": e2e}


def varied(n: int, seed: int = 1) -> list[dict[str, int]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        gold, pred = int(rng.integers(1, 20)), int(rng.integers(0, 20))
        lenient = int(rng.integers(0, min(gold, pred) + 1))
        exact, e2e = int(rng.integers(0, lenient + 1)), int(rng.integers(0, lenient + 1))
        out.append(doc_counts(gold, pred, exact, lenient, e2e))
    return out


def naive_intervals(per_doc, keys, seed, n_resamples):
    """Resample articles one resample at a time, with the same random draws."""
    rng = np.random.default_rng(seed)
    values = {k: [] for k in keys}
    n = len(per_doc)
    for start in range(0, n_resamples, CHUNK):
        for row in rng.integers(0, n, size=(min(CHUNK, n_resamples - start), n)):
            drawn = [per_doc[i] for i in row]
            point = metrics.compute({c: sum(d[c] for d in drawn) for c in per_doc[0]})
            for k in keys:
                values[k].append(point[k])
    return {k: tuple(np.percentile(values[k], [2.5, 97.5])) for k in keys}


def test_matches_a_naive_resampling_loop() -> None:
    per_doc = varied(30)
    fast = confidence_intervals(per_doc, KEYS, seed=3, n_resamples=250)
    slow = naive_intervals(per_doc, KEYS, seed=3, n_resamples=250)
    for key in KEYS:
        assert fast[key] == pytest.approx(slow[key], abs=1e-12)


def test_same_seed_same_intervals_other_seed_other_intervals() -> None:
    per_doc = varied(40)
    assert confidence_intervals(per_doc, KEYS, seed=0) == confidence_intervals(
        per_doc, KEYS, seed=0
    )
    assert confidence_intervals(per_doc, KEYS, seed=0) != confidence_intervals(
        per_doc, KEYS, seed=1
    )


def test_interval_brackets_the_point_estimate() -> None:
    per_doc = varied(60)
    point = metrics.compute({c: sum(d[c] for d in per_doc) for c in per_doc[0]})
    for key, (lo, hi) in confidence_intervals(per_doc, KEYS).items():
        assert lo <= point[key] <= hi
        assert hi - lo < 0.5


def test_identical_articles_give_a_zero_width_interval() -> None:
    per_doc = [doc_counts(4, 4, 2, 3, 1)] * 10
    for lo, hi in confidence_intervals(per_doc, KEYS).values():
        assert lo == hi


def test_more_articles_narrow_the_interval() -> None:
    small, large = varied(10), varied(10) * 10
    lo_s, hi_s = confidence_intervals(small, ["e2e_f1"])["e2e_f1"]
    lo_l, hi_l = confidence_intervals(large, ["e2e_f1"])["e2e_f1"]
    assert hi_l - lo_l < hi_s - lo_s


class TestPaired:
    def test_identical_results_differ_by_nothing(self) -> None:
        per_doc = varied(30)
        result = paired_bootstrap(per_doc, per_doc, KEYS)
        for r in result.values():
            assert r.diff == 0.0 and r.ci95 == (0.0, 0.0) and r.p_value == 1.0

    def test_better_on_every_article_is_significant(self) -> None:
        a = [doc_counts(10, 10, 5, 6, 4) for _ in range(30)]
        b = [doc_counts(10, 10, 5, 6, 5) for _ in range(30)]
        r = paired_bootstrap(a, b, ["e2e_f1"], n_resamples=1000)["e2e_f1"]
        assert r.diff == pytest.approx(0.1)
        assert r.ci95 == pytest.approx((0.1, 0.1))
        assert r.p_value == pytest.approx(2 / 1001)
        assert (r.a, r.b) == pytest.approx((0.4, 0.5))

    def test_noise_is_not_significant(self) -> None:
        a = varied(40, seed=5)
        b = [dict(d) for d in a]
        b[0]["e2e"] = max(0, b[0]["e2e"] - 1)  # one quote less on one article
        b[1]["e2e"] = min(b[1]["lenient"], b[1]["e2e"] + 1)
        r = paired_bootstrap(a, b, ["e2e_f1"])["e2e_f1"]
        assert r.p_value > 0.05
        assert r.ci95[0] <= 0 <= r.ci95[1]

    def test_pairs_must_cover_the_same_articles(self) -> None:
        with pytest.raises(ValueError):
            paired_bootstrap(varied(3), varied(4), KEYS)

    def test_reproducible(self) -> None:
        a, b = varied(30, 1), varied(30, 2)
        assert paired_bootstrap(a, b, KEYS, seed=7) == paired_bootstrap(a, b, KEYS, seed=7)
