"""Leaderboard tables: order by headline metric, rank groups that respect paired significance,
reference lines apart, md and html output."""

from __future__ import annotations

from benchmark import ranking
from benchmark.scoring import bootstrap, metrics


def entry(name: str, f1: float, lo: float, hi: float, **extra) -> dict:
    return {
        "system": name,
        "system_version": "1",
        "track": "e2e",
        "metrics": {"e2e_f1": f1},
        "ci95": {"e2e_f1": [lo, hi]},
        "docs_per_s": 10.0,
        **extra,
    }


def board(*entries: dict) -> dict:
    dataset = {"name": "core", "split": "test", "sha256": "a" * 64, "n_docs": 3, "n_gold": 9}
    return {
        "schema_version": "2",
        "dataset": dataset,
        "scorer_version": "2",
        "format_version": "1.1",
        "entries": list(entries),
    }


def test_rows_sorted_with_overlap_groups() -> None:
    b = board(
        entry("low", 0.2, 0.1, 0.3),
        entry("top", 0.8, 0.7, 0.9),
        entry("close", 0.75, 0.65, 0.85),
        entry("mid", 0.5, 0.45, 0.55),
    )
    got = [(r.system, r.group) for r in ranking.rows(b)]
    assert got == [("top", 1), ("close", 1), ("mid", 2), ("low", 3)]


def measured(name: str, e2e_per_doc: list[int]) -> dict:
    """An entry whose numbers come from per-article counts (10 gold, 10 predicted each)."""
    per_doc = {
        f"d{i}": {"n_gold": 10, "n_pred": 10, "exact": 10, "lenient": 10, "e2e": e}
        for i, e in enumerate(e2e_per_doc)
    }
    rows = list(per_doc.values())
    totals = {k: sum(r[k] for r in rows) for k in rows[0]}
    f1 = metrics.compute(totals)["e2e_f1"]
    lo, hi = bootstrap.confidence_intervals(rows, ["e2e_f1"])["e2e_f1"]
    return entry(name, f1, lo, hi, per_doc=per_doc)


def test_a_real_difference_never_shares_a_rank() -> None:
    """Hard and easy articles make both CIs wide and overlapping, but B beats A on every
    article: the paired bootstrap separates them, so they get different ranks."""
    a = measured("a", [2, 9] * 20)
    b = measured("b", [3, 10] * 20)
    lo_a, hi_a = a["ci95"]["e2e_f1"]
    lo_b, hi_b = b["ci95"]["e2e_f1"]
    assert lo_b <= hi_a and lo_a <= hi_b, "the CIs overlap"
    assert [(r.system, r.group) for r in ranking.rows(board(a, b))] == [("b", 1), ("a", 2)]
    noisy = measured("noisy", [3, 8, 3, 9] * 10)
    groups = {r.system: r.group for r in ranking.rows(board(a, noisy))}
    assert groups == {"noisy": 1, "a": 1}, "no significant difference: one group"


def test_reference_lines_are_listed_apart_and_never_ranked() -> None:
    b = board(
        entry("gold-quotes+sieve", 0.99, 0.98, 1.0, reference=True),
        entry("sieve", 0.8, 0.7, 0.9),
        entry("floor", 0.2, 0.1, 0.3),
    )
    got = [(r.system, r.rank) for r in ranking.rows(b)]
    assert got == [("sieve", "1"), ("floor", "2"), ("gold-quotes+sieve", "ref")]


def test_markdown_lists_every_system_with_ci() -> None:
    text = ranking.render_markdown(board(entry("a", 0.5, 0.4, 0.6), entry("b", 0.3, 0.2, 0.35)))
    assert "| 1 | a | 1 | 0.500 [0.400, 0.600]" in text
    assert "| 2 | b |" in text
