"""Comparing two score results: paired bootstrap, and refusal of incomparable results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scoring_cases import as_predicted, document, gold, pred

from benchmark.data.fingerprint import dataset_info
from benchmark.documents import Prediction
from benchmark.errors import InputError
from benchmark.scoring import score
from benchmark.scoring.compare import compare, read_result

TEXT = "“We will win,” Putin said. “No comment,” a spokesman said. He said it was over."


def docs(n: int = 12):
    return [
        document(
            TEXT,
            [
                gold(TEXT, "“We will win,”", "Putin"),
                gold(TEXT, "“No comment,”", "a spokesman"),
                gold(TEXT, "it was over", "He", type="indirect"),
            ],
            id=f"core/test/{i:02}",
        )
        for i in range(n)
    ]


def result(gold_docs, good: int, track: str = "e2e") -> dict:
    """Score JSON of a system that gets the speaker right on the first `good` articles."""
    predictions = {}
    for i, doc in enumerate(gold_docs):
        atts = [as_predicted(a) for a in doc.attributions]
        if i >= good:
            atts[0] = pred(TEXT, "“We will win,”", "a spokesman")
        predictions[doc.id] = Prediction(id=doc.id, attributions=atts)
    report = score(gold_docs, predictions, track=track)
    return report.to_json(dataset_info(gold_docs, "core", "test"), {"name": f"good{good}"})


def test_better_system_has_a_positive_significant_difference() -> None:
    gold_docs = docs()
    rows = {c.key: c for c in compare(result(gold_docs, 2), result(gold_docs, 12))}
    e2e = rows["e2e_f1"]
    assert e2e.b == 1.0 and e2e.diff == pytest.approx(e2e.b - e2e.a) and e2e.diff > 0
    assert e2e.ci95[0] > 0 and e2e.p_value < 0.05
    assert rows["quote_exact_f1"].diff == 0 and rows["quote_exact_f1"].p_value == 1.0
    assert "n_gold" not in rows and "attr_acc" not in rows


def test_attribution_results_compare_attr_acc() -> None:
    gold_docs = docs()
    rows = {
        c.key: c
        for c in compare(result(gold_docs, 6, "attribution"), result(gold_docs, 12, "attribution"))
    }
    assert rows["attr_acc"].diff == pytest.approx(1 / 6)


def test_same_seed_same_answer() -> None:
    gold_docs = docs()
    a, b = result(gold_docs, 3), result(gold_docs, 9)
    assert compare(a, b, seed=4) == compare(a, b, seed=4)


def test_different_data_is_refused() -> None:
    gold_docs = docs()
    other = result(gold_docs, 12)
    other["dataset"]["sha256"] = "0" * 64
    with pytest.raises(InputError, match="different data"):
        compare(result(gold_docs, 2), other, sources=("a.json", "b.json"))


def test_different_articles_are_refused() -> None:
    a = result(docs(12), 2)
    b = result(docs(12), 2)
    b["per_doc"]["core/test/99"] = b["per_doc"].pop("core/test/00")
    with pytest.raises(InputError, match="different articles"):
        compare(a, b)


def test_different_scorer_versions_are_refused() -> None:
    a, b = result(docs(), 2), result(docs(), 3)
    b["scorer_version"] = "0.9"
    with pytest.raises(InputError, match="scorer_version"):
        compare(a, b)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("per_doc", None, "per_doc: missing or not an object"),
        ("per_doc", {}, "no per-article counts"),
        ("per_doc", {"x": {"n_gold": 1}}, "missing counts"),
        ("metrics", {"e2e_f1": "high"}, "metrics.e2e_f1: not a number"),
        ("ci95", {"e2e_f1": [0.1]}, "expected \\[low, high\\]"),
        ("dataset", {}, "dataset.sha256"),
        ("track", "speaker", "track"),
    ],
)
def test_malformed_results_are_refused(field: str, value, message: str) -> None:
    a = result(docs(2), 2)
    b = dict(a)
    b[field] = value
    if field == "per_doc":
        a = dict(a, per_doc=value)
    with pytest.raises(InputError, match=message):
        compare(a, b, sources=("a.json", "b.json"))


def test_read_result_locates_problems(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"metrics": {}}), encoding="utf-8")
    assert read_result(good) == {"metrics": {}}
    cases = {
        "missing.json": None,
        "empty.json": b"",
        "bad.json": b'{"metrics":\n  oops}',
        "latin1.json": '{"m": "é"}'.encode("latin-1"),
        "list.json": b"[1, 2]",
    }
    messages = {
        "missing.json": "file not found",
        "empty.json": "file is empty",
        "bad.json": "bad.json:2: json: malformed JSON",
        "latin1.json": "encoding: not valid UTF-8",
        "list.json": "expected a JSON object",
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(InputError, match=messages[name]):
            read_result(path)
