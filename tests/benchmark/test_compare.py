"""Comparing two score results: paired bootstrap, and refusal of incomparable results."""

from __future__ import annotations

import pytest
from results_cases import as_json, docs, result

from benchmark.errors import InputError
from benchmark.results import ScoreResult
from benchmark.scoring.compare import compare


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
    other = docs()
    other[0] = other[0].model_copy(update={"text": other[0].text + " "})
    with pytest.raises(InputError, match="dataset differs"):
        compare(result(docs(), 2), result(other, 12), sources=("a.json", "b.json"))


def test_e2e_and_attribution_results_are_not_comparable() -> None:
    """The attribution side was given the gold quotes: its lead would only reflect that."""
    gold_docs = docs()
    with pytest.raises(InputError, match="track differs") as exc:
        compare(result(gold_docs, 12), result(gold_docs, 12, "attribution"), sources=("a", "b"))
    assert exc.value.path == "b" and exc.value.field == "signature"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("scorer_version", "1.0", "scorer version"), ("format_version", "1.0", "format version")],
)
def test_other_scorer_or_format_versions_are_refused(field: str, value: str, reason: str) -> None:
    gold_docs = docs()
    changed = as_json(result(gold_docs, 3)) | {field: value}
    changed["signature"] = str(
        ScoreResult.model_construct(**{**result(gold_docs, 3).__dict__, field: value}).signed()
    )
    b = ScoreResult.model_validate(changed)
    with pytest.raises(InputError, match=f"{reason} differs"):
        compare(result(gold_docs, 2), b)


def test_different_articles_are_refused() -> None:
    a = result(docs(12), 2)
    data = as_json(a)
    data["per_doc"]["core/test/99"] = data["per_doc"].pop("core/test/00")
    with pytest.raises(InputError, match="different articles"):
        compare(a, ScoreResult.model_validate(data))


def test_results_without_per_article_counts_are_refused() -> None:
    a = ScoreResult.model_validate(as_json(result(docs(2), 2)) | {"per_doc": {}})
    with pytest.raises(InputError, match="no per-article counts"):
        compare(a, a, sources=("a.json", "b.json"))
