"""Two-system diff (benchmark/analysis/diff.py): counts from the error classes, p-value from
the paired bootstrap of compare."""

from __future__ import annotations

import json

from cli import quotebench

from benchmark.analysis.diff import diff_files
from benchmark.scoring.compare import compare


def test_diff_counts_and_p_value_on_core(tmp_path) -> None:
    gold = "data/core/test.jsonl"
    a, b = tmp_path / "nearest.jsonl", tmp_path / "sieve.jsonl"
    for system, out in (("nearest-name", a), ("sieve", b)):
        assert (
            quotebench("predict", system, "--gold", gold, "--out", out, "--quiet").returncode == 0
        )
    result = diff_files(gold, a, b)
    counts = result.counts()
    for level, side_counts in counts.items():
        assert sum(side_counts.values()) == result.a.result["metrics"]["n_gold"], level
    n_gold = result.a.result["metrics"]["n_gold"]
    for side, key in ((result.a, "a_only"), (result.b, "b_only")):
        e2e = round(side.result["metrics"]["e2e_r"] * n_gold)
        assert counts["e2e"][key] + counts["e2e"]["both"] == e2e
    expected = {c.key: c.p_value for c in compare(result.a.result, result.b.result)}
    assert {c.key: c.p_value for c in result.comparisons} == expected
    assert counts["e2e"]["b_only"] > counts["e2e"]["a_only"]  # sieve beats nearest-name

    out = tmp_path / "diff.json"
    done = quotebench("diff", "--gold", gold, a, b, "--json", out, "--examples", "2")
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["counts"] == counts
    assert data["compare"]["e2e_f1"]["p"] == expected["e2e_f1"]
    assert {ex["direction"] for ex in data["examples"]} <= {"a_only", "b_only"}
    for ex in data["examples"]:
        right = ex["a"] if ex["direction"] == "a_only" else ex["b"]
        wrong = ex["b"] if ex["direction"] == "a_only" else ex["a"]
        assert right["class"] == "gold.correct" and wrong["class"] != "gold.correct"
