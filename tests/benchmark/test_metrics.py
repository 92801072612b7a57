"""Micro-averaged metrics from counts, and the counts `score` produces for hand-made articles."""

from __future__ import annotations

import numpy as np
import pytest
from scoring_cases import as_predicted, document, gold, pred, prediction

from benchmark.documents import Prediction
from benchmark.scoring import score
from benchmark.scoring.metrics import compute, interval_keys, metric_keys, ratio

TEXT = (
    "“We will win,” Putin said. The minister said the plan was sound. "
    "“No comment,” a spokesman said. Critics called it “reckless.”"
)


def test_compute_from_counts() -> None:
    m = compute({"n_gold": 10, "n_pred": 8, "exact": 4, "lenient": 6, "e2e": 3})
    assert m["quote_exact_p"] == 0.5 and m["quote_exact_r"] == 0.4
    assert m["quote_exact_f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert m["quote_lenient_p"] == 0.75 and m["quote_lenient_r"] == 0.6
    assert m["speaker_acc"] == 0.5
    assert m["e2e_p"] == 0.375 and m["e2e_r"] == 0.3
    assert m["e2e_f1"] == pytest.approx(2 * 3 / 18)
    assert (m["n_gold"], m["n_pred"]) == (10, 8)
    assert list(m) == list(metric_keys(False))
    assert "attr_acc" not in m


def test_attribution_metric_and_key_order() -> None:
    m = compute({"n_gold": 4, "n_pred": 4, "exact": 4, "lenient": 4, "e2e": 3, "attr_correct": 3})
    assert m["attr_acc"] == 0.75
    assert list(m) == list(metric_keys(True))
    assert "n_gold" not in interval_keys(True) and "attr_acc" in interval_keys(True)


def test_zero_denominators_give_zero() -> None:
    m = compute({"n_gold": 0, "n_pred": 0, "exact": 0, "lenient": 0, "e2e": 0})
    assert all(m[k] == 0.0 for k in interval_keys(False))
    assert ratio(1, 0) == 0.0
    assert ratio(np.array([1, 2]), np.array([0, 4])).tolist() == [0.0, 0.5]


def test_compute_is_vectorised_over_resamples() -> None:
    totals = {k: np.array([2, 4]) for k in ("n_gold", "n_pred", "exact", "lenient")}
    totals["e2e"] = np.array([1, 4])
    assert compute(totals)["e2e_f1"].tolist() == [0.5, 1.0]


def test_counts_of_a_hand_made_article() -> None:
    doc = document(
        TEXT,
        [
            gold(TEXT, "“We will win,”", "Putin"),
            gold(TEXT, "the plan was sound", "The minister", type="indirect"),
            gold(TEXT, "“No comment,”", "a spokesman"),
        ],
    )
    predicted = [
        pred(TEXT, "We will win", "Putin"),  # exact, right speaker
        pred(TEXT, "plan was sound", "Critics"),  # lenient (Dice 6/7), wrong speaker
        pred(TEXT, "reckless", "Critics"),  # not annotated: a false positive
    ]
    report = score([doc], prediction(doc, predicted))
    assert report.per_doc == {"d1": {"n_gold": 3, "n_pred": 3, "exact": 1, "lenient": 2, "e2e": 1}}
    assert report.metrics["quote_lenient_r"] == pytest.approx(2 / 3)
    assert report.metrics["speaker_acc"] == 0.5
    assert report.metrics["e2e_p"] == pytest.approx(1 / 3)


def test_an_article_without_prediction_predicts_nothing() -> None:
    a = document(TEXT, [gold(TEXT, "“We will win,”", "Putin")], id="a")
    b = document(TEXT, [gold(TEXT, "“No comment,”", "a spokesman")], id="b")
    report = score(
        [a, b], {"a": Prediction(id="a", attributions=[as_predicted(a.attributions[0])])}
    )
    assert report.per_doc["b"] == {"n_gold": 1, "n_pred": 0, "exact": 0, "lenient": 0, "e2e": 0}
    assert report.metrics["e2e_r"] == 0.5 and report.metrics["e2e_p"] == 1.0


def test_predictions_for_unknown_articles_are_refused() -> None:
    doc = document(TEXT, [])
    with pytest.raises(ValueError, match="not in the gold"):
        score([doc], {"zz": Prediction(id="zz")})


class TestAttributionTrack:
    doc = document(
        TEXT,
        [gold(TEXT, "“We will win,”", "Putin"), gold(TEXT, "“No comment,”", "a spokesman")],
    )

    def test_attr_acc_counts_correct_speakers_over_gold(self) -> None:
        first, second = self.doc.attributions
        predicted = [
            as_predicted(first),
            pred(TEXT, "“No comment,”", "Putin"),  # wrong speaker
        ]
        report = score([self.doc], prediction(self.doc, predicted), track="attribution")
        assert report.per_doc["d1"]["attr_correct"] == 1
        assert report.metrics["attr_acc"] == 0.5
        assert "attr_acc" in report.ci95

    def test_a_gold_quote_without_prediction_counts_as_wrong(self) -> None:
        predicted = [as_predicted(self.doc.attributions[0])]
        report = score([self.doc], prediction(self.doc, predicted), track="attribution")
        assert report.metrics["attr_acc"] == 0.5

    def test_pairing_needs_identical_fragments(self) -> None:
        near = pred(TEXT, "We will win", "Putin")  # same tokens, different fragments
        report = score([self.doc], prediction(self.doc, [near]), track="attribution")
        assert report.per_doc["d1"]["attr_correct"] == 0
        assert report.per_doc["d1"]["e2e"] == 1

    def test_duplicate_predictions_of_one_quote_count_once(self) -> None:
        first = as_predicted(self.doc.attributions[0])
        report = score([self.doc], prediction(self.doc, [first, first]), track="attribution")
        assert report.per_doc["d1"]["attr_correct"] == 1

    def test_e2e_track_has_no_attr_acc(self) -> None:
        report = score([self.doc], prediction(self.doc, []))
        assert "attr_acc" not in report.metrics
        assert "attr_correct" not in report.per_doc["d1"]


def test_unknown_track_is_refused() -> None:
    with pytest.raises(ValueError, match="track"):
        score([], {}, track="speakers")  # type: ignore[arg-type]


def test_empty_gold_gives_zero_metrics() -> None:
    report = score([], {}, track="attribution")
    assert report.metrics["n_gold"] == 0 and report.metrics["attr_acc"] == 0.0
    assert report.ci95["e2e_f1"] == (0.0, 0.0)
