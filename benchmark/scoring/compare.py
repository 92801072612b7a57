"""Paired comparison of two score results on the same articles (`quotebench compare`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.errors import InputError
from benchmark.jsonl import read_json
from benchmark.scoring import bootstrap, metrics
from benchmark.scoring.articles import COUNT_KEYS
from benchmark.scoring.report import ScoreReport


@dataclass(frozen=True)
class Comparison:
    key: str
    a: float
    b: float
    diff: float
    """b - a."""
    ci95: tuple[float, float]
    p_value: float


def compare(
    a_json: Mapping[str, Any],
    b_json: Mapping[str, Any],
    seed: int = 0,
    *,
    n_resamples: int = bootstrap.N_RESAMPLES,
    sources: tuple[str | Path | None, str | Path | None] = (None, None),
) -> list[Comparison]:
    """Paired bootstrap of B - A for every P/R/F1 and accuracy both results have.

    Refuses results on different data (dataset sha256), different articles, or from different
    scorer versions: their per-article counts would not be comparable.
    """
    a = ScoreReport.from_json(a_json, sources[0])
    b = ScoreReport.from_json(b_json, sources[1])
    if _sha256(a_json, sources[0]) != _sha256(b_json, sources[1]):
        raise InputError(
            sources[1],
            None,
            "dataset.sha256",
            "the results are on different data; refusing to compare",
        )
    if a.scorer_version != b.scorer_version:
        raise InputError(
            sources[1],
            None,
            "scorer_version",
            f"scored by scorer {b.scorer_version}, the other by {a.scorer_version}; rescore both",
        )
    only_a, only_b = a.per_doc.keys() - b.per_doc.keys(), b.per_doc.keys() - a.per_doc.keys()
    if only_a or only_b:
        raise InputError(
            sources[1],
            None,
            "per_doc",
            f"the results cover different articles ({len(only_a)} only in A, {len(only_b)} in B)",
        )
    if not a.per_doc:
        raise InputError(sources[0], None, "per_doc", "no per-article counts to resample")
    ids = sorted(a.per_doc)
    counts_a = [_counts(a.per_doc, i, sources[0]) for i in ids]
    counts_b = [_counts(b.per_doc, i, sources[1]) for i in ids]
    attribution = "attr_correct" in counts_a[0] and "attr_correct" in counts_b[0]
    keys = metrics.interval_keys(attribution)
    paired = bootstrap.paired_bootstrap(
        counts_a, counts_b, keys, seed=seed, n_resamples=n_resamples
    )
    return [Comparison(k, r.a, r.b, r.diff, r.ci95, r.p_value) for k, r in paired.items()]


def read_result(path: str | Path) -> dict[str, Any]:
    """A score JSON file, parsed; InputError when it is missing, not UTF-8 or not JSON."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError(
            path, None, "json", "expected a JSON object (a `quotebench score --json` result)"
        )
    return data


def _sha256(data: Mapping[str, Any], source: str | Path | None) -> str:
    dataset = data.get("dataset")
    sha = dataset.get("sha256") if isinstance(dataset, Mapping) else None
    if not isinstance(sha, str):
        raise InputError(
            source, None, "dataset.sha256", "missing: cannot tell which data was scored"
        )
    return sha


def _counts(
    per_doc: Mapping[str, Mapping[str, int]], doc_id: str, source: str | Path | None
) -> Mapping[str, int]:
    counts = per_doc[doc_id]
    missing = [k for k in COUNT_KEYS if k not in counts]
    if missing:
        raise InputError(source, None, f"per_doc.{doc_id}", f"missing counts: {', '.join(missing)}")
    return counts
