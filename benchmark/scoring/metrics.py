"""Micro-averaged metrics from summed counts; the same code serves point estimates and the
bootstrap (where every count is an array with one value per resample).

A ratio whose denominator is 0 is 0 (precision of a system that predicts nothing, recall on
articles without gold quotes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

QUOTE_KEYS = (
    "quote_exact_p",
    "quote_exact_r",
    "quote_exact_f1",
    "quote_lenient_p",
    "quote_lenient_r",
    "quote_lenient_f1",
    "speaker_acc",
    "e2e_p",
    "e2e_r",
    "e2e_f1",
)
COUNT_METRICS = ("n_gold", "n_pred")
ATTRIBUTION_METRIC = "attr_acc"


def metric_keys(attribution: bool) -> tuple[str, ...]:
    """Every metric key of a result, in report order."""
    return (*QUOTE_KEYS, *((ATTRIBUTION_METRIC,) if attribution else ()), *COUNT_METRICS)


def interval_keys(attribution: bool) -> tuple[str, ...]:
    """The keys that get a bootstrap CI: every precision, recall, F1 and accuracy."""
    return tuple(k for k in metric_keys(attribution) if k not in COUNT_METRICS)


def compute(totals: Mapping[str, Any]) -> dict[str, Any]:
    """Metrics from summed counts (ints, or arrays of one sum per bootstrap resample)."""
    gold, pred = totals["n_gold"], totals["n_pred"]
    out: dict[str, Any] = {}
    for name, key in (("quote_exact", "exact"), ("quote_lenient", "lenient"), ("e2e", "e2e")):
        matched = totals[key]
        out[f"{name}_p"] = ratio(matched, pred)
        out[f"{name}_r"] = ratio(matched, gold)
        out[f"{name}_f1"] = ratio(2 * np.asarray(matched), np.asarray(gold) + pred)
    out["speaker_acc"] = ratio(totals["e2e"], totals["lenient"])
    if "attr_correct" in totals:
        out[ATTRIBUTION_METRIC] = ratio(totals["attr_correct"], gold)
    ordered = {k: out[k] for k in metric_keys("attr_correct" in totals) if k in out}
    if np.ndim(gold) == 0:
        return {
            **{k: float(v) for k, v in ordered.items()},
            "n_gold": int(gold),
            "n_pred": int(pred),
        }
    return ordered


def ratio(numerator: Any, denominator: Any) -> Any:
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)
    return out if out.ndim else float(out)
