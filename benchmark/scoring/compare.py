"""Paired comparison of two score results on the same articles (`quotebench compare`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmark.errors import InputError
from benchmark.scoring import bootstrap, metrics
from benchmark.scoring.articles import COUNT_KEYS

if TYPE_CHECKING:
    from benchmark.results import ScoreResult


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
    a: ScoreResult,
    b: ScoreResult,
    seed: int = 0,
    *,
    n_resamples: int = bootstrap.N_RESAMPLES,
    sources: tuple[str | Path | None, str | Path | None] = (None, None),
) -> list[Comparison]:
    """Paired bootstrap of B - A for every P/R/F1 and accuracy both results have.

    Refuses results whose signatures are not comparable (other data, track, scorer, format or
    matching rule) or that cover different articles: their per-article counts would not pair.
    """
    a.signed().check_compatible(b.signed(), _name(sources[1]), "signature")
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


def _name(source: str | Path | None) -> str | None:
    return None if source is None else str(source)


def _counts(
    per_doc: Mapping[str, Mapping[str, int]], doc_id: str, source: str | Path | None
) -> Mapping[str, int]:
    counts = per_doc[doc_id]
    missing = [k for k in COUNT_KEYS if k not in counts]
    if missing:
        raise InputError(source, None, f"per_doc.{doc_id}", f"missing counts: {', '.join(missing)}")
    return counts
